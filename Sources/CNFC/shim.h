// The few libnfc (1.8, Debian libnfc-dev) calls HALNFC needs, as small inline functions.
//
// Why a shim: `nfc_open` takes a connstring array type, the target comes back as a union
// (`nfc_target_info`) that Swift imports awkwardly, and a reader only needs one operation: "is an
// ISO/IEC 14443 type A card in the field, and what is its UID". Everything here takes plain C types and
// reports failures as libnfc's negative NFC_E* codes. Only Sources/HALNFC/LibnfcDevice.swift imports it.
#ifndef CNFC_SHIM_H
#define CNFC_SHIM_H

#include <nfc/nfc.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

// libnfc's version ("1.8.0").
static inline const char *cnfc_version(void) { return nfc_version(); }

// A library context (configuration, log level, the driver list); NULL when libnfc cannot start. There is no
// cnfc_exit: nfc_exit empties the process-wide driver list under every other context (HALNFC keeps one).
static inline nfc_context *cnfc_init(void) {
    nfc_context *context = NULL;
    nfc_init(&context);
    return context;
}

// Opens the reader named by `connstring` ("pn532_uart:/dev/ttyS0", "pn532_i2c:/dev/i2c-1", "pn53x_usb")
// and makes it an initiator that returns at once when no card is in the field (libnfc's default is to
// wait for one forever). NULL when the reader cannot be opened; *error then holds the NFC_E* code.
static inline nfc_device *cnfc_open(nfc_context *context, const char *connstring, int *error) {
    nfc_connstring name;
    strncpy(name, connstring, sizeof name - 1);
    name[sizeof name - 1] = 0;
    nfc_device *device = nfc_open(context, name);
    if (!device) {
        *error = NFC_ENOTSUCHDEV;
        return NULL;
    }
    int result = nfc_initiator_init(device);
    if (result >= 0) result = nfc_device_set_property_bool(device, NP_INFINITE_SELECT, false);
    if (result < 0) {
        nfc_close(device);
        *error = result;
        return NULL;
    }
    *error = 0;
    return device;
}

static inline void cnfc_close(nfc_device *device) { nfc_close(device); }

// The driver's name for the opened reader ("pn532_uart:/dev/ttyS0").
static inline const char *cnfc_device_name(nfc_device *device) { return nfc_device_get_name(device); }

// Looks once for an ISO/IEC 14443 type A target at 106 kbit/s and copies its UID (NFCID1, first byte
// first, as the card sent it in anticollision) into `uid`: the UID's length, 0 when no card answered, or
// a negative NFC_E* code (NFC_EIO: the reader stopped answering).
static inline int cnfc_poll_iso14443a(nfc_device *device, uint8_t *uid, size_t capacity) {
    const nfc_modulation modulation = {.nmt = NMT_ISO14443A, .nbr = NBR_106};
    nfc_target target;
    int found = nfc_initiator_select_passive_target(device, modulation, NULL, 0, &target);
    if (found <= 0) return found;
    size_t length = target.nti.nai.szUidLen;
    if (length > capacity) length = capacity;
    memcpy(uid, target.nti.nai.abtUid, length);
    return (int)length;
}

// What an NFC_E* code means, in libnfc's words where it has them.
static inline const char *cnfc_error_text(int code) {
    switch (code) {
    case NFC_EIO: return "input/output error (the reader stopped answering)";
    case NFC_EINVARG: return "invalid argument";
    case NFC_EDEVNOTSUPP: return "operation not supported by the reader";
    case NFC_ENOTSUCHDEV: return "no such reader (wrong connstring, device missing or no access)";
    case NFC_EOVFLOW: return "buffer overflow";
    case NFC_ETIMEOUT: return "timeout (the reader did not answer in time)";
    case NFC_EOPABORTED: return "operation aborted";
    case NFC_ENOTIMPL: return "not implemented";
    case NFC_ETGRELEASED: return "target released";
    case NFC_ERFTRANS: return "RF transmission error";
    case NFC_EMFCAUTHFAIL: return "MIFARE authentication failed";
    case NFC_ESOFT: return "software error";
    case NFC_ECHIP: return "reader chip error";
    default: return "unknown libnfc error";
    }
}

// Whether a code means the reader itself is gone or unusable (rather than one failed look at the field).
static inline bool cnfc_error_means_lost(int code) {
    return code == NFC_EIO || code == NFC_ENOTSUCHDEV || code == NFC_ESOFT || code == NFC_ECHIP;
}

#endif
