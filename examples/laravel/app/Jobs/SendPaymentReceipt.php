<?php
// The Laravel side of examples/05-dispatch-to-laravel.ts: an ordinary queued job class of the
// Laravel app. Node dispatches it (bridge queue.dispatch({ className: 'App\Jobs\SendPaymentReceipt', ... }))
// and `php artisan queue:work` runs it like any job Laravel dispatched itself.
namespace App\Jobs;

use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Support\Carbon;

class SendPaymentReceipt implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable;

    public $tries = 3;

    /** Amounts travel as integer minor units (cents), never floats. */
    public function __construct(
        public int $paymentId,
        public int $amountMinor,
        public string $currency,
        public Carbon $paidAt,
    ) {
    }

    public function handle(): void
    {
        // A real app sends the receipt: Mail::to($payment->user)->send(new PaymentReceipt($payment)).
        $amount = intdiv($this->amountMinor, 100) . '.' . str_pad((string) ($this->amountMinor % 100), 2, '0', STR_PAD_LEFT);
        echo "SendPaymentReceipt: payment {$this->paymentId}, {$amount} {$this->currency}, paid at {$this->paidAt->toIso8601String()} (attempt {$this->attempts()})\n";
    }
}
