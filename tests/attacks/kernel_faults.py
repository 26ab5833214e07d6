"""The kernel stops, hangs or floods: exits, kills, loops, memory, processes, output, disk."""

from __future__ import annotations

from attacks.support import Attack, code


def attacks(course: str, bystander: str) -> list[Attack]:
    return [
        Attack("sys_exit", "sys.exit() in an answer cell and inside an answer function", {
            "d_product": "import sys\nsys.exit()\nd_product = 2 * x * sp.exp(x)\n",
            "tanh_prime": "def tanh_prime(z):\n    import sys\n    sys.exit(0)\n",
        }, honest=frozenset({"poly_derivative", "d_trig"})),
        Attack("os_exit_top_level", "os._exit(0) at the top of an answer cell", {
            "d_quotient": "import os\nos._exit(0)\n",
        }, honest=frozenset({"poly_derivative", "d_trig", "relu_prime"})),
        Attack("os_exit_in_function", "os._exit(0) inside an answer function the tests call", {
            "sigmoid_prime": "def sigmoid_prime(z):\n    import os\n    os._exit(0)\n",
        }, honest=frozenset({"forward_difference", "central_difference", "tanh_prime"})),
        Attack("os_kill_9", "os.kill(os.getpid(), 9) at the top of an answer cell", {
            "d_trig": "import os\nos.kill(os.getpid(), 9)\n",
        }, honest=frozenset({"poly_derivative", "is_continuous_at"})),
        Attack("loop_top_level", "an infinite loop at the top of an answer cell", {
            "poly_derivative": "while True:\n    pass\n",
        }, honest=frozenset({"d_product"})),
        Attack("loop_in_function", "an infinite loop inside an answer function the tests call", {
            "relu_prime": "def relu_prime(z):\n    while True:\n        pass\n",
        }, honest=frozenset({"poly_derivative"})),
        Attack("loop_ignoring_sigint", "SIGINT ignored, then an infinite loop at the top of an answer cell", {
            "forward_difference": code('''
                import signal
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                while True:
                    pass
                '''),
        }, honest=frozenset({"poly_derivative", "d_product"})),
        Attack("memory_bomb", "allocate 100 MB at a time until memory runs out", {
            "central_difference": code('''
                _hoard = []
                while True:
                    _hoard.append(b"x" * 10**8)
                '''),
        }, honest=frozenset({"poly_derivative"}), needs_sandbox=True),
        Attack("fork_bomb", "every process forks for ever", {
            "is_continuous_at": code('''
                import os
                def _spawn():
                    while True:
                        try:
                            os.fork()
                        except OSError:
                            pass
                _spawn()
                '''),
        }, honest=frozenset({"poly_derivative", "d_product", "sigmoid_prime"}), needs_sandbox=True),
        Attack("print_50mb", "50 MB printed by an answer cell", {
            "d_product": 'for _ in range(50):\n    print("x" * 10**6)\nd_product = None\n',
        }, honest=frozenset({"poly_derivative"})),
        Attack("disk_outside_tmp", "fill the only writable host folder (the kernel's runtime folder) past the "
               "/tmp quota", {
            "d_trig": code('''
                import os, sys
                _folder = os.path.dirname(sys.argv[sys.argv.index("-f") + 1])
                _written = 0
                for _i in range(5):
                    try:
                        with open(os.path.join(_folder, f"ballast{_i}"), "wb") as _file:
                            for _ in range(64):
                                _file.write(b"x" * 2**20)
                        _written += 64
                    except OSError as _error:
                        print("stopped:", _error)
                        break
                if _written > 256:
                    print(f"BREACH wrote {_written} MiB in {_folder}, past the 256 MiB /tmp quota, on the host's disk")
                d_trig = None
                '''),
        }, honest=frozenset({"poly_derivative"}), needs_sandbox=True),
    ]
