// The safetensors half of the exporter: a JSON header, then each kept tensor's bytes in logical order.
// safetensors has no strides and no sharing, so views are gathered and tied weights are copied.

#include "export/export_internal.h"

#include "document/tensor_bytes.h"

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
    int tensor = -1;
    DType out = DType::Unknown;
    int64_t bytes = 0;
    int64_t begin = 0;
};

// The kept tensors in the reference writer's order, each with its output dtype and size; false with
// `error` for a tensor that safetensors cannot hold.
bool planTensors(const Checkpoint &c, const std::vector<MappedKey> &mapping, const ExportOptions &opt,
                 std::vector<Planned> &plan, std::string *error)
{
    for (size_t i = 0; i < mapping.size(); ++i) {
        if (mapping[i].dropped) continue;
        Planned p;
        p.key = mapping[i].to.toStdString();
        p.tensor = c.entries()[i].tensor;
        const TensorRef &t = c.tensor(p.tensor);
        if (t.layout != TensorLayout::Strided || t.storage < 0) {
            *error =
                "'" + p.key + "' is a " + layoutName(t.layout) + " tensor, which safetensors cannot hold";
            return false;
        }
        p.out = t.dtype == DType::Float32 && opt.convertFloat32To != DType::Unknown ? opt.convertFloat32To
                                                                                    : t.dtype;
        if (safetensorsCode(p.out).empty()) {
            *error = "'" + p.key + "' has dtype " + dtypeName(p.out) + ", which safetensors cannot hold";
            return false;
        }
        p.bytes = t.numel() * dtypeSize(p.out);
        plan.push_back(std::move(p));
    }
    // The reference writer's order: larger elements first, then by name. With the header padded to 8
    // bytes every tensor then starts aligned to its element size.
    std::stable_sort(plan.begin(), plan.end(), [](const Planned &a, const Planned &b) {
        const int sa = dtypeSize(a.out), sb = dtypeSize(b.out);
        return sa != sb ? sa > sb : a.key < b.key;
    });
    return true;
}

// The JSON header (padded to 8 bytes), with each tensor's data offsets set in `plan` and what the
// read-back check should find in `expected`. `dataBytes` is the size of the data after the header.
std::string buildHeader(const Checkpoint &c, std::vector<Planned> &plan, ExpectedFile &expected,
                        int64_t &dataBytes)
{
    std::string header = "{\"__metadata__\":{\"format\":\"pt\"}";
    int64_t offset = 0;
    for (Planned &p : plan) {
        p.begin = offset;
        offset += p.bytes;
        const TensorRef &t = c.tensor(p.tensor);
        header += "," + jsonString(p.key) + ":{\"dtype\":\"" + safetensorsCode(p.out) + "\",\"shape\":[";
        for (size_t d = 0; d < t.shape.size(); ++d)
            header += (d ? "," : "") + std::to_string(t.shape[d]);
        header += "],\"data_offsets\":[" + std::to_string(p.begin) + "," + std::to_string(offset) + "]}";

        ExpectedTensor x;
        x.key = p.key;
        x.dtype = p.out;
        x.shape = t.shape;
        x.stride.assign(t.shape.size(), 1);
        for (size_t d = t.shape.size(); d-- > 1;)
            x.stride[d - 1] = x.stride[d] * std::max<int64_t>(t.shape[d], 1); // torch's contiguous strides
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

} // namespace

bool writeSafetensorsExport(const Checkpoint &c, const std::vector<MappedKey> &mapping,
                            const ExportOptions &opt, ExportSink &sink, ExpectedFile &expected,
                            std::string *error)
{
    std::vector<Planned> plan;
    if (!planTensors(c, mapping, opt, plan, error)) return false;
    int64_t dataBytes = 0;
    const std::string header = buildHeader(c, plan, expected, dataBytes);

    sink.setTotal(int64_t(8 + header.size()) + dataBytes);
    uint8_t length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = uint8_t((uint64_t(header.size()) >> (8 * i)) & 0xff);
    sink.write(length, 8);
    sink.write(header.data(), header.size());

    std::vector<uint8_t> converted;
    try {
        for (const Planned &p : plan) {
            if (!sink.ok()) break;
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
