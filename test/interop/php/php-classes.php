<?php
// Classes shared by the php-*.php codec scripts: the C: and E: targets the fast-check generator
// draws from (test/helpers/php-arbitrary.ts options), and a small class family with every
// visibility for the PHP-made values. Declared before any error handler is set: PHP 8.1 reports
// a deprecation for Serializable-only classes, which is expected here.
namespace App {
    class Legacy implements \Serializable {
        public $data = '';
        public function serialize() { return $this->data; }
        public function unserialize($data) { $this->data = $data; }
    }
    /**
     * Serializable as PHP's manual shows it: the payload is a nested serialize(), whose values
     * PHP numbers together with the outer ones (an r: after it counts them).
     */
    class Nested implements \Serializable {
        public $data;
        public function serialize() { return serialize($this->data); }
        public function unserialize($data) { $this->data = unserialize($data); }
    }
    enum Status { case Active; case Pending; case Closed; }
    enum Currency: string { case Eur = 'EUR'; case Usd = 'USD'; }
    class Base {
        private $secret = 'base-secret';
        protected $shared = 'base-shared';
        public $open = 'base-open';
    }
    #[\AllowDynamicProperties]
    class Child extends Base {
        private $secret = 'child-secret';
        public $extra;
        protected ?Base $link = null;
    }
    class Node { public $name; public $next; public $peers = []; }
    class WithSerialize {
        public $items = [];
        public function __serialize(): array { return $this->items; }
        public function __unserialize(array $data): void { $this->items = $data; }
    }
}
namespace {
    enum Suit { case Hearts; case Spades; }
    class ArrayObjectish implements \Serializable {
        public $raw = '';
        public function serialize() { return $this->raw; }
        public function unserialize($data) { $this->raw = $data; }
    }

    /** Collects warnings/notices so a script can report them instead of printing them. */
    function codec_capture_errors(array &$errors): void {
        set_error_handler(function ($level, $message) use (&$errors) {
            $errors[] = $message;
            return true;
        });
    }
}
