#pragma once
// The pickle opcodes of CPython's Lib/pickle.py (protocols 0-5), in one table: their names, byte
// codes and the family of work they do. The VM, the writer and the tests' pickle builder all use it.

#include <cstdint>

namespace sl::pickle {

// What an opcode does; the VM has one handler per family.
enum class OpFamily : uint8_t {
    Unknown,    // not an opcode
    Framing,    // PROTO, FRAME, STOP
    Stack,      // marks and stack shuffling
    Number,     // None, bools, ints and floats
    Text,       // str (and Python 2 str, read as latin-1 text)
    Bytes,      // bytes, bytearray and the out-of-band buffers we refuse
    Container,  // lists, dicts, sets and tuples made from the stack
    Fill,       // items added to a container already on the stack
    Memo,       // PUT and GET
    Global,     // names of classes and functions
    Call,       // calls, instances and BUILD
    Persistent, // persistent ids (tensor storages)
};

// X(name, code, family)
#define SL_PICKLE_OPCODES(X)                                                                                 \
    X(MARK, '(', Stack)                                                                                      \
    X(STOP, '.', Framing)                                                                                    \
    X(POP, '0', Stack)                                                                                       \
    X(POP_MARK, '1', Stack)                                                                                  \
    X(DUP, '2', Stack)                                                                                       \
    X(FLOAT, 'F', Number)                                                                                    \
    X(INT, 'I', Number)                                                                                      \
    X(BININT, 'J', Number)                                                                                   \
    X(BININT1, 'K', Number)                                                                                  \
    X(LONG, 'L', Number)                                                                                     \
    X(BININT2, 'M', Number)                                                                                  \
    X(NONE, 'N', Number)                                                                                     \
    X(PERSID, 'P', Persistent)                                                                               \
    X(BINPERSID, 'Q', Persistent)                                                                            \
    X(REDUCE, 'R', Call)                                                                                     \
    X(STRING, 'S', Text)                                                                                     \
    X(BINSTRING, 'T', Text)                                                                                  \
    X(SHORT_BINSTRING, 'U', Text)                                                                            \
    X(UNICODE, 'V', Text)                                                                                    \
    X(BINUNICODE, 'X', Text)                                                                                 \
    X(APPEND, 'a', Fill)                                                                                     \
    X(BUILD, 'b', Call)                                                                                      \
    X(GLOBAL, 'c', Global)                                                                                   \
    X(DICT, 'd', Container)                                                                                  \
    X(EMPTY_DICT, '}', Container)                                                                            \
    X(APPENDS, 'e', Fill)                                                                                    \
    X(GET, 'g', Memo)                                                                                        \
    X(BINGET, 'h', Memo)                                                                                     \
    X(INST, 'i', Call)                                                                                       \
    X(LONG_BINGET, 'j', Memo)                                                                                \
    X(LIST, 'l', Container)                                                                                  \
    X(EMPTY_LIST, ']', Container)                                                                            \
    X(OBJ, 'o', Call)                                                                                        \
    X(PUT, 'p', Memo)                                                                                        \
    X(BINPUT, 'q', Memo)                                                                                     \
    X(LONG_BINPUT, 'r', Memo)                                                                                \
    X(SETITEM, 's', Fill)                                                                                    \
    X(TUPLE, 't', Container)                                                                                 \
    X(EMPTY_TUPLE, ')', Container)                                                                           \
    X(SETITEMS, 'u', Fill)                                                                                   \
    X(BINFLOAT, 'G', Number)                                                                                 \
    X(PROTO, 0x80, Framing)                                                                                  \
    X(NEWOBJ, 0x81, Call)                                                                                    \
    X(EXT1, 0x82, Global)                                                                                    \
    X(EXT2, 0x83, Global)                                                                                    \
    X(EXT4, 0x84, Global)                                                                                    \
    X(TUPLE1, 0x85, Container)                                                                               \
    X(TUPLE2, 0x86, Container)                                                                               \
    X(TUPLE3, 0x87, Container)                                                                               \
    X(NEWTRUE, 0x88, Number)                                                                                 \
    X(NEWFALSE, 0x89, Number)                                                                                \
    X(LONG1, 0x8a, Number)                                                                                   \
    X(LONG4, 0x8b, Number)                                                                                   \
    X(BINBYTES, 'B', Bytes)                                                                                  \
    X(SHORT_BINBYTES, 'C', Bytes)                                                                            \
    X(SHORT_BINUNICODE, 0x8c, Text)                                                                          \
    X(BINUNICODE8, 0x8d, Text)                                                                               \
    X(BINBYTES8, 0x8e, Bytes)                                                                                \
    X(EMPTY_SET, 0x8f, Container)                                                                            \
    X(ADDITEMS, 0x90, Fill)                                                                                  \
    X(FROZENSET, 0x91, Container)                                                                            \
    X(NEWOBJ_EX, 0x92, Call)                                                                                 \
    X(STACK_GLOBAL, 0x93, Global)                                                                            \
    X(MEMOIZE, 0x94, Memo)                                                                                   \
    X(FRAME, 0x95, Framing)                                                                                  \
    X(BYTEARRAY8, 0x96, Bytes)                                                                               \
    X(NEXT_BUFFER, 0x97, Bytes)                                                                              \
    X(READONLY_BUFFER, 0x98, Bytes)

// Unscoped, so that an opcode is a byte: `out += char(pickle::MARK)`, `case pickle::MARK:`.
enum Op : uint8_t {
#define SL_PICKLE_OP_ENUM(name, code, family) name = code,
    SL_PICKLE_OPCODES(SL_PICKLE_OP_ENUM)
#undef SL_PICKLE_OP_ENUM
};

// The family of a byte read where an opcode is expected; Unknown for bytes that are no opcode.
OpFamily opFamily(uint8_t code);
// CPython's name of an opcode ("BINUNICODE"), or nullptr for bytes that are no opcode.
const char *opName(uint8_t code);

} // namespace sl::pickle
