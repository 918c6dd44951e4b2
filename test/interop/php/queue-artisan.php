<?php
// Laravel's queue commands as artisan runs them: {"command": "retry", "ids": [...]} runs RetryCommand,
// {"command": "restart"} runs RestartCommand, {"command": "failed"} lists queue.failer->all().
$app = require __DIR__ . '/queue-bootstrap.php';

use Illuminate\Console\OutputStyle;
use Symfony\Component\Console\Input\ArrayInput;
use Symfony\Component\Console\Output\BufferedOutput;

$input = bridge_input();
$output = new BufferedOutput();

function bridge_run_command($app, $command, array $arguments, BufferedOutput $output): int
{
    $command->setLaravel($app);
    return $command->run(new ArrayInput($arguments), $output);
}

switch ($input['command']) {
    case 'retry':
        $code = bridge_run_command($app, new Illuminate\Queue\Console\RetryCommand(), ['id' => $input['ids']], $output);
        break;
    case 'restart':
        $code = bridge_run_command($app, new Illuminate\Queue\Console\RestartCommand($app['cache.store']), [], $output);
        break;
    case 'failed':
        bridge_output(['rows' => array_map(fn ($r) => (array) $r, $app['queue.failer']->all())]);
        exit(0);
}
bridge_output(['code' => $code, 'output' => $output->fetch()]);
