#pragma once
// The item roles every StateLens item model answers, so views and delegates read roles and never
// reach into the document (README, Architecture).

#include <Qt>

namespace sl {

enum ItemRole {
    // StateDictModel: the full dotted key of a leaf, or the prefix ("encoder.layer.0") of a module row.
    KeyRole = Qt::UserRole,
    // StateDictModel, ObjectTreeModel: index into Checkpoint's tensors (int); -1 for other rows.
    TensorIndexRole,
    // StateDictModel: index into Checkpoint::entries() (int); -1 for module rows.
    EntryIndexRole,
    // StateDictModel: true for a tensor row, false for a module row.
    IsLeafRole,
    // Numbers for numeric columns (so a proxy sorts 8 B before 160 B), the display text otherwise.
    SortRole,
    // ObjectTreeModel: the RootPath of a node as a QStringList; invalid where no RootPath reaches it.
    PathRole,
    // ObjectTreeModel: true where the node can serve as the state-dict root.
    IsRootCandidateRole,
    // StateDictModel: the key as saved in the file, before the edit rules.
    OriginalKeyRole,
    // StateDictModel: the key is dropped by an edit rule (shown greyed until export).
    IsDroppedRole,
    // StateDictModel: an edit rule changed the key's name.
    IsRenamedRole,
    // StateDictModel: a key the test-load target expects but the checkpoint lacks (a ghost row).
    IsGhostRole,
    // StateDictModel: the last test-load found this key missing, unexpected or mismatched.
    IsProblemRole,
    // StateDictModel: the last test-load's verdict on this key, a TestLoadVerdict (int).
    TestLoadVerdictRole,
    // StateDictModel: what the verdict rests on, one line (shapes, dtypes); empty without a verdict.
    TestLoadDetailRole,
    // CompareModel: the key's DiffStatus (int).
    DiffStatusRole,
    // CompareModel: index into the comparison's entries (int).
    DiffEntryRole,
    // StateDictModel: after a scan, a tensor with NaN or Inf, or a module row with one beneath.
    IsScanProblemRole,
    // StateDictModel: a derived tensor's index into the edit session's TransformPlan::tensors (int);
    // -1 for other rows (those of stored tensors carry EntryIndexRole).
    DerivedIndexRole,
    // StateDictModel: an input a transform consumed (shown like a dropped key, marked "transformed").
    IsTransformedRole,
};

// What the last test-load made of a key; NoVerdict on module rows, dropped keys and before any load.
enum TestLoadVerdict {
    NoVerdict,
    LoadedAsSaved,
    LoadedWithCast,
    Unexpected,
    Mismatched,
    Missing, // a ghost row: the target wants it, the checkpoint lacks it
};

} // namespace sl
