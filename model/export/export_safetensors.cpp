// The safetensors half of the exporter: a JSON header, then each kept tensor's bytes in logical order.
// safetensors has no strides and no sharing, so views are gathered and tied weights are copied.

#include "export/export_internal.h"

#include "document/tensor_bytes.h"
#include "export/derived_storages.h"

#include <algorithm>
#include <cstdio>

namespace sl {
namespace {

constexpr size_t kChunkBytes = size_t(16) << 20;

std::string jsonString(const std::string &s)
{
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += char(c); // UTF-8 passes through
            }
        }
    }
    return out + "\"";
}

struct Planned
{
    std::string key;
    int tensor = -1;        // a kept tensor of the input
    SourcePtr source;       // or a derived one, read from its sources
    std::vector<int> reads; // derived: the input storages its sources lie in
    DType out = DType::Unknown;
    std::vector<int64_t> shape;
    int64_t bytes = 0;
    int64_t begin = 0;
};

// The plan's tensors in the reference writer's order, each with its output dtype and size; false
// with `error` for a tensor that safetensors cannot hold.
bool planTensors(const Checkpoint &c, const TransformPlan &plan, const ExportOptions &opt,
                 std::vector<Planned> &planned, std::string *error)
{
    for (const PlannedTensor &pt : plan.tensors) {
        Planned p;
        p.key = pt.key.toStdString();
        DType dtype;
        if (pt.isDerived()) {
            p.source = pt.derived;
            dtype = pt.derived->dtype();
            p.shape = pt.derived->shape();
            for (int input : pt.sources)
                p.reads.push_back(c.tensor(c.entries()[size_t(input)].tensor).storage);
        } else {
            p.tensor = c.entries()[size_t(pt.input)].tensor;
            const TensorRef &t = c.tensor(p.tensor);
            if (t.layout != TensorLayout::Strided || t.storage < 0) {
                *error =
                    "'" + p.key + "' is a " + layoutName(t.layout) + " tensor, which safetensors cannot hold";
                return false;
            }
            dtype = t.dtype;
            p.shape = t.shape;
        }
        p.out =
            dtype == DType::Float32 && opt.convertFloat32To != DType::Unknown ? opt.convertFloat32To : dtype;
        if (safetensorsCode(p.out).empty()) {
            *error = "'" + p.key + "' has dtype " + dtypeName(p.out) + ", which safetensors cannot hold";
            return false;
        }
        int64_t numel = 1;
        for (int64_t d : p.shape)
            numel *= d;
        p.bytes = numel * dtypeSize(p.out);
        planned.push_back(std::move(p));
    }
    // The reference writer's order: larger elements first, then by name. With the header padded to 8
    // bytes every tensor then starts aligned to its element size.
    std::stable_sort(planned.begin(), planned.end(), [](const Planned &a, const Planned &b) {
        const int sa = dtypeSize(a.out), sb = dtypeSize(b.out);
        return sa != sb ? sa > sb : a.key < b.key;
    });
    return true;
}

// The JSON header (padded to 8 bytes), with each tensor's data offsets set in `plan` and what the
// read-back check should find in `expected`. `dataBytes` is the size of the data after the header.
std::string buildHeader(std::vector<Planned> &plan, ExpectedFile &expected, int64_t &dataBytes)
{
    std::string header = "{\"__metadata__\":{\"format\":\"pt\"}";
    int64_t offset = 0;
    for (Planned &p : plan) {
        p.begin = offset;
        offset += p.bytes;
        header += "," + jsonString(p.key) + ":{\"dtype\":\"" + safetensorsCode(p.out) + "\",\"shape\":[";
        for (size_t d = 0; d < p.shape.size(); ++d)
            header += (d ? "," : "") + std::to_string(p.shape[d]);
        header += "],\"data_offsets\":[" + std::to_string(p.begin) + "," + std::to_string(offset) + "]}";

        ExpectedTensor x;
        x.key = p.key;
        x.dtype = p.out;
        x.shape = p.shape;
        x.stride = contiguousStrides(p.shape);
        x.storageBytes = p.bytes;
        expected.entries.push_back(std::move(x));
    }
    header += "}";
    header.append((8 - header.size() % 8) % 8, ' ');
    expected.ordered = false;
    expected.root = {};
    dataBytes = offset;
    return header;
}

// Streams a derived tensor from its reader, converted where asked; then lets its sources' pages go.
void writeDerived(const Checkpoint &c, const Planned &p, ExportSink &sink)
{
    const DType in = p.source->dtype();
    const size_t elem = size_t(dtypeSize(in));
    const size_t chunk = std::max<size_t>(1, kChunkBytes / elem);
    std::vector<uint8_t> bytes(chunk * elem), converted;
    auto reader = p.source->reader();
    while (sink.ok()) {
        const size_t n = reader->readBytes(bytes.data(), chunk);
        if (n == 0) break;
        if (p.out == in) {
            sink.write(bytes.data(), n * elem);
            continue;
        }
        converted.resize(n * size_t(dtypeSize(p.out)));
        convertFloat32(bytes.data(), int64_t(n), p.out, converted.data());
        sink.write(converted.data(), converted.size());
    }
    for (int storage : p.reads)
        if (storage >= 0) releaseStoragePages(c.file(), storage);
}

} // namespace

bool writeSafetensorsExport(const Checkpoint &c, const TransformPlan &plan, const ExportOptions &opt,
                            ExportSink &sink, ExpectedFile &expected, std::string *error)
{
    std::vector<Planned> planned;
    if (!planTensors(c, plan, opt, planned, error)) return false;
    int64_t dataBytes = 0;
    const std::string header = buildHeader(planned, expected, dataBytes);

    sink.setTotal(int64_t(8 + header.size()) + dataBytes);
    uint8_t length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = uint8_t((uint64_t(header.size()) >> (8 * i)) & 0xff);
    sink.write(length, 8);
    sink.write(header.data(), header.size());

    std::vector<uint8_t> converted;
    try {
        for (const Planned &p : planned) {
            if (!sink.ok()) break;
            if (p.source) {
                writeDerived(c, p, sink);
                continue;
            }
            const bool convert = p.out != c.tensor(p.tensor).dtype;
            TensorBytes(c.file(), p.tensor).forEachChunk(kChunkBytes, [&](const uint8_t *bytes, size_t size) {
                if (!convert) return sink.write(bytes, size);
                const int64_t count = int64_t(size / 4);
                converted.resize(size_t(count) * size_t(dtypeSize(p.out)));
                convertFloat32(bytes, count, p.out, converted.data());
                return sink.write(converted.data(), converted.size());
            });
            releaseStoragePages(c.file(), c.tensor(p.tensor).storage);
        }
    } catch (const std::exception &e) {
        *error = e.what();
        return false;
    }
    return true;
}

} // namespace sl
