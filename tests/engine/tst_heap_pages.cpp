// statelens and statelens-cli call adviseHugePagesForHeap first thing in main. This test process
// does the same while its heap is as young, since in a heap full of freed chunks the requests that
// make it grow are served from those instead. The advice must land on the heap (smaps flag "hg"),
// and the heap must work as before.

#include "document/heap_pages.h"

#include <QFile>
#include <QFileInfo>
#include <QtTest>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <vector>

class TestHeapPages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void adviceReachesTheHeap()
    {
#ifdef __SANITIZE_ADDRESS__
        QSKIP("the sanitizers' allocator has no brk heap to advise");
#endif
        if (!QFileInfo::exists(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled")))
            QSKIP("this kernel has no transparent huge pages");
        QVERIFY(sl::adviseHugePagesForHeap(64));

        std::vector<char *> blocks;
        for (int i = 0; i < 512; ++i) {
            blocks.push_back(static_cast<char *>(std::malloc(64 * 1024)));
            std::memset(blocks.back(), i, 64 * 1024);
        }
        for (int i = 0; i < 512; ++i) {
            QCOMPARE(blocks[size_t(i)][4096], char(i));
            std::free(blocks[size_t(i)]);
        }

        QFile smaps(QStringLiteral("/proc/self/smaps"));
        QVERIFY(smaps.open(QIODevice::ReadOnly));
        bool inHeap = false, advised = false;
        for (const QByteArray &line : smaps.readAll().split('\n')) {
            if (!line.isEmpty() && std::isxdigit(static_cast<unsigned char>(line[0])) && line.contains('-'))
                inHeap = line.endsWith("[heap]");
            else if (inHeap && line.startsWith("VmFlags:") && line.split(' ').contains("hg"))
                advised = true;
        }
        QVERIFY2(advised, "no [heap] mapping carries the huge-page advice");
    }
};

QTEST_GUILESS_MAIN(TestHeapPages)
#include "tst_heap_pages.moc"
