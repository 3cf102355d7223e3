# Command-line checks shared by the scripts in Scripts/. Source it after defining `usage` (it prints the
# script's usage): a bad command line says what is wrong, then the usage, on stderr, and exits 2.

# usage_error MESSAGE
usage_error() {
    echo "error: $1" >&2
    usage >&2
    exit 2
}

# need_value OPTION "$@": the option's value is the next argument; missing, or another option, is an error.
need_value() {
    if [ $# -lt 2 ] || [[ "$2" == -* ]]; then usage_error "$1 needs a value"; fi
}

# need_number OPTION VALUE: a positive whole number (a port, a station count).
need_number() {
    if ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -eq 0 ]; then usage_error "$1 needs a positive number, not '$2'"; fi
}
