// The Linux input subsystem's event-device ABI (<linux/input.h>, Debian's linux-libc-dev) as HALInput needs it.
//
// Why a shim: EVIOCGRAB and EVIOCGNAME are built with the _IOW/_IOC macros, which Swift does not import, and
// `struct input_event` changes shape with the architecture (a 64-bit `struct timeval` on arm64 and x86_64,
// 32-bit seconds on armhf): reading and writing records here keeps the kernel's own layout on every board.
// The EV_*, SYN_* and KEY_* constants are plain integer macros and are imported from the header as they are.
// Failures come back as a negative errno, so Swift never reads `errno` itself.
#ifndef CLINUXINPUT_SHIM_H
#define CLINUXINPUT_SHIM_H

#include <errno.h>
#include <linux/input.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>

// The size of one event record as this architecture's kernel reads and writes it (24 bytes on 64-bit).
static inline size_t clinuxinput_event_size(void) { return sizeof(struct input_event); }

// The type, code and value of the record at `record` (clinuxinput_event_size() bytes, any alignment).
static inline void clinuxinput_event_decode(const void *record, uint16_t *type, uint16_t *code, int32_t *value) {
    struct input_event event;
    memcpy(&event, record, sizeof event);
    *type = event.type;
    *code = event.code;
    *value = event.value;
}

// Writes one record with the given time, as the kernel would (for stand-in devices in tests).
static inline void clinuxinput_event_encode(void *record, long long seconds, long microseconds, uint16_t type,
                                            uint16_t code, int32_t value) {
    struct input_event event;
    memset(&event, 0, sizeof event);
    event.input_event_sec = seconds;
    event.input_event_usec = microseconds;
    event.type = type;
    event.code = code;
    event.value = value;
    memcpy(record, &event, sizeof event);
}

// Takes (`grab` true) or releases the device for this file descriptor alone: while grabbed, its key presses
// reach no console, no X server and no other reader. 0, or the negative errno (EBUSY: someone else holds it,
// ENOTTY/EINVAL: not an event device).
static inline int clinuxinput_grab(int fd, int grab) {
    errno = 0;
    return ioctl(fd, EVIOCGRAB, grab ? 1 : 0) < 0 ? -(errno ? errno : EIO) : 0;
}

// The device's name as its driver reports it ("HID 08ff:0009"), NUL-terminated in `name`; its length, or
// the negative errno.
static inline int clinuxinput_name(int fd, char *name, int capacity) {
    errno = 0;
    int length = ioctl(fd, EVIOCGNAME(capacity - 1), name);
    if (length < 0) return -(errno ? errno : EIO);
    name[length < capacity ? length : capacity - 1] = 0;
    return length;
}

#endif
