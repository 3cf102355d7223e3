"""python -m charger_bench {serve|scenario|verify|pysim|pyctl} [options]."""

import sys


def main() -> int:
    commands = ("serve", "scenario", "verify", "pysim", "pyctl")
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(f"usage: python -m charger_bench {{{'|'.join(commands)}}} [options]", file=sys.stderr)
        return 2
    command, argv = sys.argv[1], sys.argv[2:]
    if command == "serve":
        from .server import main as run
    elif command == "scenario":
        from .scenarios import main as run
    elif command == "verify":
        from .verify import main as run
    elif command == "pysim":
        from .pysim import main as run
    else:
        from .pyctl import main as run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
