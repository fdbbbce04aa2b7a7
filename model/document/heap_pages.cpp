#include "document/heap_pages.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace sl {

bool adviseHugePagesForHeap(unsigned reserveMiB)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
    // glibc grows the main heap with brk, top_pad bytes beyond each request. One growth of the whole
    // reserve now, advised as huge pages, covers what a large open allocates later. A later growth
    // would make a new mapping without the advice, so the pad also stops free() from trimming it.
    // (GLIBC_TUNABLES=glibc.malloc.hugetlb=1 does the same from the environment.)
    const size_t reserve = size_t(reserveMiB) << 20;
    if (mallopt(M_TOP_PAD, int(reserve)) != 1) return false;
    // The free top of the heap, and what the requests below add to it, get the advice.
    const auto before = reinterpret_cast<uintptr_t>(sbrk(0));
    const uintptr_t freeTop = before - mallinfo2().keepcost;
    // Requests just under the mmap threshold, until the free top of the heap cannot hold one.
    void *blocks[256] = {};
    uintptr_t after = before;
    for (void *&b : blocks) {
        b = std::malloc(96 * 1024);
        after = reinterpret_cast<uintptr_t>(sbrk(0));
        if (after != before) break;
    }
    for (void *b : blocks)
        std::free(b);
    after = reinterpret_cast<uintptr_t>(sbrk(0)); // those frees may trim the heap back to the pad
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    const uintptr_t start = (freeTop + kHuge - 1) & ~(kHuge - 1);
    if (after < start + kHuge) return false;
    return madvise(reinterpret_cast<void *>(start), (after - start) & ~(kHuge - 1), MADV_HUGEPAGE) == 0;
#else
    (void)reserveMiB;
    return false;
#endif
}

} // namespace sl
