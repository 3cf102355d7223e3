// The few libgpiod v1 (1.6.x) calls HALGPIO needs, as small inline functions.
//
// Why a shim: the v1 request flags are built with GPIOD_BIT(), which Swift does not import, and the
// bulk API passes `struct gpiod_line_bulk` (a 64-element array) by pointer. Everything here works on
// one line, takes plain C types and reports failures as a negative errno, so Swift never reads
// `errno` itself and never sees a bulk struct. Only Sources/HALGPIO/LibgpiodV1Chip.swift imports it.
#ifndef CGPIOD_SHIM_H
#define CGPIOD_SHIM_H

#include <errno.h>
#include <gpiod.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

// The library's version ("1.6.3").
static inline const char *cgpiod_version(void) { return gpiod_version_string(); }

// Opens a chip by path ("/dev/gpiochip0") or by name, number or label ("gpiochip0", "0",
// "pinctrl-bcm2711"); NULL with *error set to the errno on failure.
static inline struct gpiod_chip *cgpiod_chip_open(const char *descriptor, int *error) {
    errno = 0;
    struct gpiod_chip *chip = descriptor[0] == '/' ? gpiod_chip_open(descriptor) : gpiod_chip_open_lookup(descriptor);
    *error = chip ? 0 : (errno ? errno : ENOENT);
    return chip;
}

// strerror(error), and how HALGPIO classifies the errno values it meets.
static inline const char *cgpiod_error_text(int error) { return strerror(error); }
static inline bool cgpiod_error_means_missing(int error) {
    return error == ENOENT || error == ENODEV || error == ENOTTY || error == ENXIO || error == EINVAL;
}
static inline bool cgpiod_error_means_denied(int error) { return error == EACCES || error == EPERM; }

static inline void cgpiod_chip_close(struct gpiod_chip *chip) { gpiod_chip_close(chip); }

// The line at `offset`; NULL with *error set on failure (EINVAL: no such offset).
static inline struct gpiod_line *cgpiod_chip_line(struct gpiod_chip *chip, unsigned int offset, int *error) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_get_line(chip, offset);
    *error = line ? 0 : (errno ? errno : EINVAL);
    return line;
}

// The line named `name` on this chip; NULL with *error set (ENOENT: no line has that name).
static inline struct gpiod_line *cgpiod_chip_find_line(struct gpiod_chip *chip, const char *name, int *error) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_find_line(chip, name);
    *error = line ? 0 : (errno ? errno : ENOENT);
    return line;
}

// The result of a call returning 0 or -1: 0, or the negative errno.
static inline int cgpiod_result(int status) { return status < 0 ? -(errno ? errno : EIO) : status; }

// Requests the line as an output driving `value` (physical level: polarity is applied in Swift).
static inline int cgpiod_request_output(struct gpiod_line *line, const char *consumer, bool value) {
    errno = 0;
    return cgpiod_result(gpiod_line_request_output_flags(line, consumer, 0, value ? 1 : 0));
}

// Requests the line as an input; with `edges`, the kernel also queues both-edge events for it.
static inline int cgpiod_request_input(struct gpiod_line *line, const char *consumer, bool edges) {
    errno = 0;
    return cgpiod_result(edges ? gpiod_line_request_both_edges_events_flags(line, consumer, 0)
                               : gpiod_line_request_input_flags(line, consumer, 0));
}

static inline void cgpiod_release(struct gpiod_line *line) { gpiod_line_release(line); }

// 0 or 1, or the negative errno.
static inline int cgpiod_get(struct gpiod_line *line) {
    errno = 0;
    return cgpiod_result(gpiod_line_get_value(line));
}

// 0, or the negative errno.
static inline int cgpiod_set(struct gpiod_line *line, bool value) {
    errno = 0;
    return cgpiod_result(gpiod_line_set_value(line, value ? 1 : 0));
}

// Waits up to `timeout_ns` for edge events and drains the queued ones: their count (0 on timeout), or
// the negative errno. A zero timeout only looks.
static inline int cgpiod_drain_edges(struct gpiod_line *line, long long timeout_ns) {
    struct timespec timeout = {.tv_sec = (time_t)(timeout_ns / 1000000000LL), .tv_nsec = (long)(timeout_ns % 1000000000LL)};
    struct timespec immediately = {0, 0};
    int count = 0;
    for (;;) {
        errno = 0;
        int ready = gpiod_line_event_wait(line, count == 0 ? &timeout : &immediately);
        if (ready < 0) return -(errno ? errno : EIO);
        if (ready == 0) return count;
        struct gpiod_line_event event;
        errno = 0;
        if (gpiod_line_event_read(line, &event) < 0) return -(errno ? errno : EIO);
        count += 1;
        if (count >= 1024) return count;  // a chattering input: report now, the rest stays queued
    }
}

#endif
