#pragma once
// Recipe rules that change tensors rather than only their names (docs/cli.md, "Transforms"):
// transpose, reshape, split, concat, permute_rotary, stack, unstack, slice, pad and cast, with
// PyTorch's exact semantics. This is the rule as written in a recipe; transform/transform_plan applies it.

#include "format/dtype.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace sl {

struct TensorOp
{
    enum Kind { Transpose, Reshape, Split, Concat, PermuteRotary, Stack, Unstack, Slice, Pad, Cast };
    Kind kind = Transpose;
    QString match;              // a regex that must match the whole key (transpose, reshape, permute_rotary,
                                // slice, pad, cast; stack: with a named group `i` of digits)
    QString key;                // split, unstack: the one source
    QStringList keys;           // concat: the sources, in order
    QStringList into;           // split: the new keys; concat, stack: one key; unstack: one name with {i}
    std::vector<int64_t> dims;  // transpose: [i, j]
    std::vector<int64_t> shape; // reshape (one -1 allowed)
    std::vector<int64_t> sizes; // split (empty: equal parts)
    int64_t dim = 0;            // split, concat, stack, unstack, slice, pad
    int64_t heads = 0;          // permute_rotary
    bool metaToHf = true;       // permute_rotary: direction "meta_to_hf" or "hf_to_meta"
    int64_t start = 0, stop = 0, step = 1; // slice; `stop` is exclusive
    int64_t to = 0;                        // pad: the new size of `dim`
    double value = 0;                      // pad: the fill value
    DType dtype = DType::Unknown;          // cast

    bool operator==(const TensorOp &o) const;
    // "transpose /h\..*\.attn\.c_attn\.weight/ 0 1": one line for the undo history and messages.
    QString description() const;
    // The recipe's name of the op: "transpose", "permute_rotary", ...
    QString opName() const;

    QJsonObject toJson() const;
    // `op` is the recipe's "op" field. False (and `error`, without the rule number) for an unknown op
    // or a missing, mistyped or invalid field; regexes are checked too.
    static bool fromJson(const QString &op, const QJsonObject &o, TensorOp &out, QString *error);
    static bool isOpName(const QString &op);
    static QStringList opNames();
};

// Cast targets: the dense types torch.Tensor.to accepts here, by torch name ("float16", "half", ...).
DType castTargetFromName(const QString &name);

} // namespace sl
