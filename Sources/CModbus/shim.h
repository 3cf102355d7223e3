// The libmodbus API for Swift. libmodbus defines its error codes as macros over an enum
// (EMBXILFUN = MODBUS_ENOBASE + MODBUS_EXCEPTION_ILLEGAL_FUNCTION), which Swift does not import,
// so they are re-exported here as constants.
#ifndef CMODBUS_SHIM_H
#define CMODBUS_SHIM_H

#include <errno.h>
#include <modbus.h>

static const int CMODBUS_ENOBASE = MODBUS_ENOBASE;
static const int CMODBUS_EMBXILFUN = EMBXILFUN;
static const int CMODBUS_EMBXILADD = EMBXILADD;
static const int CMODBUS_EMBXILVAL = EMBXILVAL;
static const int CMODBUS_EMBXSFAIL = EMBXSFAIL;
static const int CMODBUS_EMBXACK = EMBXACK;
static const int CMODBUS_EMBXSBUSY = EMBXSBUSY;
static const int CMODBUS_EMBXNACK = EMBXNACK;
static const int CMODBUS_EMBXMEMPAR = EMBXMEMPAR;
static const int CMODBUS_EMBXGPATH = EMBXGPATH;
static const int CMODBUS_EMBXGTAR = EMBXGTAR;
static const int CMODBUS_EMBBADCRC = EMBBADCRC;
static const int CMODBUS_EMBBADDATA = EMBBADDATA;
static const int CMODBUS_EMBBADEXC = EMBBADEXC;
static const int CMODBUS_EMBUNKEXC = EMBUNKEXC;
static const int CMODBUS_EMBMDATA = EMBMDATA;
static const int CMODBUS_EMBBADSLAVE = EMBBADSLAVE;

/// The current thread's errno; read it right after the failing libmodbus call.
static inline int cmodbus_errno(void) { return errno; }

#endif
