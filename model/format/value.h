#pragma once
// The decoded object tree of a checkpoint: plain values made by the safe pickle VM, never Python objects.
// Nodes live in an arena and point at each other, so memo sharing and cycles cost nothing.

#include "format/dtype.h"

#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace sl {

// An error in the input file. The message is one line that says what is wrong and where.
struct FormatError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

enum class ValueKind : uint8_t {
    None,
    Bool,
    Int,
    BigInt,
    Float,
    Complex,
    String,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    Global,  // a class or function named by GLOBAL; `text` is "module.name"
    Object,  // an instance or call result we do not interpret; keeps callee, args and state
    Tensor,  // `tensorIndex` into ParsedFile::tensors
    Storage, // `storageIndex` into ParsedFile::storages
    Dtype,
    Device,
    Layout,
};

// What a Global names, when the allow-list knows it (torch_globals.cpp); everything else is Unknown.
enum class GlobalTag : uint8_t {
    Unknown,
    OrderedDict,
    Counter,
    Set,
    FrozenSet,
    CodecsEncode,
    ByteArray,
    Complex,
    Size,
    Device,
    GetLayout,
    StorageClass,
    QScheme,
    TensorClass,
    LegacyTensorClass,
    Parameter,
    RebuildTensor,
    RebuildTensorV2,
    RebuildTensorV3,
    RebuildParameter,
    RebuildParameterWithState,
    RebuildQTensor,
    RebuildSparse,
    RebuildSparseCsr,
    RebuildMeta,
    RebuildFromTypeV2,
    RebuildDeviceFromCpu,
    RebuildOpaqueTensor,
    JitRestoreTypeTag,
    JitBuildList,
    JitBuildTensorFromId,
    TorchScriptType,
};

// How an Object was made, so that a writer can emit the same opcode again.
enum class ObjectOrigin : uint8_t { Reduce, NewObj };

// One node. Beside the shared fields (text, items, the links), each field belongs to the kinds named
// in its comment and stays at its default for every other kind.
struct Value
{
    ValueKind kind = ValueKind::None;
    uint16_t depth = 0; // nesting depth below this node, for the VM's limit

    GlobalTag globalTag = GlobalTag::Unknown; // Global
    bool unsafe = false;                      // Global: outside the allow-list
    DType dtype = DType::Unknown; // Dtype; Global: the type a storage or legacy tensor class names
    bool untypedStorage = false;  // Global: torch.UntypedStorage, whose numel counts bytes
    uint16_t moduleLength = 0;    // Global: length of the module part of `text`, so a writer
                                  // can split "module.name" exactly (names may hold dots); 0 if unknown
    ObjectOrigin origin = ObjectOrigin::Reduce; // Object
    bool setItems = false; // Object: `items` are key,value pairs (SETITEMS), not appended items
    bool ordered = false;  // Dict: an OrderedDict

    int64_t integer = 0;       // Int; Bool (0 or 1)
    int64_t tensorIndex = 0;   // Tensor: index into ParsedFile::tensors
    int64_t storageIndex = 0;  // Storage: index into ParsedFile::storages
    int64_t viewOffset = 0;    // Storage: element offset of a legacy storage view into that storage
    double real = 0, imag = 0; // Float; Complex
    std::string text; // String, Bytes, BigInt (little-endian two's complement), Global/Object name...
    std::vector<Value *> items; // List/Tuple/Set items; Dict as key,value,key,value...; Object appended items
    Value *callee = nullptr;    // Object: the Global it came from
    Value *args = nullptr;      // Object: argument tuple
    Value *state = nullptr;     // Object/Dict/Tensor: state given by BUILD

    bool isString() const { return kind == ValueKind::String; }
    bool isInt() const { return kind == ValueKind::Int || kind == ValueKind::Bool; }
    bool isSequence() const { return kind == ValueKind::List || kind == ValueKind::Tuple; }
    size_t dictSize() const { return items.size() / 2; }
    Value *dictKey(size_t i) const { return items[2 * i]; }
    Value *dictValue(size_t i) const { return items[2 * i + 1]; }
    // Value of a string key in a Dict, or nullptr.
    Value *dictGet(const std::string &key) const;
};

class ValueArena
{
public:
    ValueArena() = default;
    ValueArena(const ValueArena &) = delete;
    ValueArena &operator=(const ValueArena &) = delete;
    ~ValueArena();

    Value *make(ValueKind kind)
    {
        if (m_blocks.empty() || m_blocks.back().used == m_blocks.back().capacity) addBlock();
        Block &b = m_blocks.back();
        Value *n = new (b.nodes + b.used++) Value;
        n->kind = kind;
        ++m_size;
        return n;
    }
    Value *makeInt(int64_t v)
    {
        Value *n = make(ValueKind::Int);
        n->integer = v;
        return n;
    }
    Value *makeString(std::string s)
    {
        Value *n = make(ValueKind::String);
        n->text = std::move(s);
        return n;
    }
    size_t size() const { return m_size; }

    // Every node made so far, in order: `for (Value &v : arena.nodes())`.
    class NodeIterator
    {
    public:
        NodeIterator(const ValueArena *arena, size_t block) : m_arena(arena), m_block(block) {}
        Value &operator*() const { return m_arena->m_blocks[m_block].nodes[m_i]; }
        NodeIterator &operator++()
        {
            if (++m_i == m_arena->m_blocks[m_block].used) {
                ++m_block;
                m_i = 0;
            }
            return *this;
        }
        bool operator!=(const NodeIterator &o) const { return m_block != o.m_block || m_i != o.m_i; }

    private:
        const ValueArena *m_arena;
        size_t m_block;
        size_t m_i = 0;
    };
    struct Nodes
    {
        const ValueArena *arena;
        NodeIterator begin() const { return {arena, 0}; }
        NodeIterator end() const { return {arena, arena->m_blocks.size()}; }
    };
    Nodes nodes() { return {this}; }

private:
    struct Block
    {
        Value *nodes;
        size_t used;
        size_t capacity;
        bool huge; // from allocateHugeBlock, not operator new
    };
    void addBlock();

    std::vector<Block> m_blocks; // a block is added only to be used, so none is empty
    size_t m_size = 0;
};

// Python's repr-like short text of a scalar value ("3", "0.001", "'abc'", "None"); containers are summarised.
std::string valueSummary(const Value *v);
const char *valueKindName(ValueKind k);

} // namespace sl
