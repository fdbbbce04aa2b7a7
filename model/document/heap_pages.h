#pragma once
// Process set-up shared by statelens and statelens-cli: how the heap gets its pages.

namespace sl {

// Lets the main thread's heap use transparent huge pages for its next `reserveMiB`. Opening a
// checkpoint of many keys makes hundreds of thousands of small allocations; in 4 KiB pages each
// first touch is a page fault, and on virtual machines a fault costs microseconds (a 30,000-key
// open: 28,000 faults, half its time). Advice only: returns false, changing nothing, where the C
// library is not glibc or the sanitizers' allocator stands in for it.
bool adviseHugePagesForHeap(unsigned reserveMiB);

} // namespace sl
