<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutBox</name>
    <message>
        <source>&lt;b&gt;StateLens&lt;/b&gt; %1&lt;br&gt;Browse PyTorch checkpoints safely: no code from a file is ever run, and tensor data is read only when needed.</source>
        <translation>&lt;b&gt;StateLens&lt;/b&gt; %1&lt;br&gt;安全地浏览 PyTorch 检查点：从不运行文件中的任何代码，张量数据仅在需要时读取。</translation>
    </message>
    <message>
        <source>Built with Qt %1 (running on Qt %2) and LibTorch %3.</source>
        <translation>使用 Qt %1 构建（运行于 Qt %2），LibTorch %3。</translation>
    </message>
    <message>
        <source>Licence: MIT. You may use, copy, change and share StateLens freely; it comes with no warranty.</source>
        <translation>许可证：MIT。您可以自由使用、复制、修改和分享 StateLens；本软件不提供任何担保。</translation>
    </message>
    <message>
        <source>About StateLens</source>
        <translation>关于 StateLens</translation>
    </message>
</context>
<context>
    <name>ExportFormat</name>
    <message>
        <source>the name %1 ends in .%2, which does not hold the %3 format; name it .%4 or choose %5</source>
        <translation>名称 %1 以 .%2 结尾，该扩展名不对应 %3 格式；请将其命名为 .%4 或选择 %5</translation>
    </message>
</context>
<context>
    <name>InspectReport</name>
    <message>
        <source>KEY</source>
        <translation>键</translation>
    </message>
    <message>
        <source>SHAPE</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>DTYPE</source>
        <translation>DTYPE</translation>
    </message>
    <message>
        <source>DEVICE</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File:   %1 (%2, %3)
</source>
        <translation>文件：%1 (%2, %3)
</translation>
    </message>
    <message>
        <source>Root:   %1
</source>
        <translation>根：  %1
</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>（顶层）</translation>
    </message>
    <message>
        <source>%1 tensors, %2 parameters, %3
</source>
        <translation>%1 个张量，%2 个参数，%3
</translation>
    </message>
    <message>
        <source>Note: the file references %1; StateLens never runs code from a checkpoint.
</source>
        <translation>注意：该文件引用了 %1；StateLens 从不运行检查点中的代码。
</translation>
    </message>
    <message>
        <source>Warning: %1
</source>
        <translation>警告：%1
</translation>
    </message>
    <message>
        <source>Note: torch.load in PyTorch 2.6 and later would refuse this file (weights_only): it names %1.
</source>
        <translation>注意：PyTorch 2.6 及更高版本的 torch.load 会拒绝此文件（weights_only）：它引用了 %1。
</translation>
    </message>
</context>
<context>
    <name>KeyMap</name>
    <message>
        <source> in %1</source>
        <translation>在 %1 中</translation>
    </message>
    <message>
        <source>strip prefix &apos;%1&apos;%2</source>
        <translation>%2去除前缀 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>add prefix &apos;%1&apos;%2</source>
        <translation>%2添加前缀 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>rename &apos;%1&apos; to &apos;%2&apos;</source>
        <translation>将 &apos;%1&apos; 重命名为 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>replace /%1/ with &apos;%2&apos;</source>
        <translation>将 /%1/ 替换为 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>drop /%1/</source>
        <translation>丢弃 /%1/</translation>
    </message>
    <message>
        <source>invalid regular expression /%1/: %2</source>
        <translation>无效的正则表达式 /%1/：%2</translation>
    </message>
    <message>
        <source>replacing /%1/ makes a key longer than %2 characters</source>
        <translation>替换 /%1/ 会使某个键超过 %2 个字符</translation>
    </message>
    <message>
        <source>octal escape out of range in &apos;%1&apos;</source>
        <translation>&apos;%1&apos; 中的八进制转义超出范围</translation>
    </message>
    <message>
        <source>invalid group reference \%1 in &apos;%2&apos;</source>
        <translation>&apos;%2&apos; 中的分组引用 \%1 无效</translation>
    </message>
    <message>
        <source>missing &apos;&gt;&apos; in group reference in &apos;%1&apos;</source>
        <translation>&apos;%1&apos; 中的分组引用缺少 &apos;&gt;&apos;</translation>
    </message>
    <message>
        <source>unknown group &apos;%1&apos; in &apos;%2&apos;</source>
        <translation>&apos;%2&apos; 中的分组 &apos;%1&apos; 不存在</translation>
    </message>
    <message>
        <source>bad escape \%1 in &apos;%2&apos;</source>
        <translation>&apos;%2&apos; 中的转义 \%1 无效</translation>
    </message>
    <message>
        <source>&apos;%1&apos; would be renamed to an empty key</source>
        <translation>&apos;%1&apos; 将被重命名为空键</translation>
    </message>
    <message>
        <source>&apos;%1&apos; and &apos;%2&apos; would both become &apos;%3&apos;</source>
        <translation>&apos;%1&apos; 和 &apos;%2&apos; 都将变为 &apos;%3&apos;</translation>
    </message>
    <message>
        <source>recipe is not valid JSON: %1 at offset %2</source>
        <translation>配方不是有效的 JSON：%1（偏移量 %2）</translation>
    </message>
    <message>
        <source>recipe has no &quot;rules&quot; list</source>
        <translation>配方中没有 &quot;rules&quot; 列表</translation>
    </message>
    <message>
        <source>rule %1 (%2): missing or empty field</source>
        <translation>规则 %1（%2）：字段缺失或为空</translation>
    </message>
    <message>
        <source>rule %1: invalid regular expression /%2/: %3</source>
        <translation>规则 %1：无效的正则表达式 /%2/：%3</translation>
    </message>
    <message>
        <source>strip wrappers</source>
        <translation>去除包装层</translation>
    </message>
    <message>
        <source>strip wrappers except %1</source>
        <translation>去除包装层（保留 %1）</translation>
    </message>
    <message>
        <source>this recipe changes tensors; it needs the checkpoint&apos;s shapes</source>
        <translation>此配方会改变张量；它需要检查点的形状</translation>
    </message>
    <message>
        <source>rule %1 (%2): %3</source>
        <translation>规则 %1 (%2)：%3</translation>
    </message>
    <message>
        <source>rule %1: unknown op &apos;%2&apos; (expected strip_prefix, add_prefix, rename, regex, drop, strip_wrappers, transpose, reshape, split, concat, permute_rotary, stack, unstack, slice, pad or cast)</source>
        <translation>规则 %1：未知操作 &apos;%2&apos;（应为 strip_prefix、add_prefix、rename、regex、drop、strip_wrappers、transpose、reshape、split、concat、permute_rotary、stack、unstack、slice、pad 或 cast）</translation>
    </message>
</context>
<context>
    <name>OpenBenchmark</name>
    <message>
        <source>The key tree was not painted within %1 s.</source>
        <translation>键树未在 %1 秒内绘制完成。</translation>
    </message>
</context>
<context>
    <name>ScanColumns</name>
    <message>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <source>Inf</source>
        <translation>Inf</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>零</translation>
    </message>
</context>
<context>
    <name>ScanReport</name>
    <message>
        <source>nan %1  inf %2</source>
        <translation>NaN %1  Inf %2</translation>
    </message>
    <message>
        <source>all zero</source>
        <translation>全为零</translation>
    </message>
    <message>
        <source>constant %1</source>
        <translation>常量 %1</translation>
    </message>
    <message>
        <source>%1: %2 tensors scanned, %3 with NaN or Inf
</source>
        <translation>%1：已扫描 %2 个张量，其中 %3 个含 NaN 或 Inf
</translation>
    </message>
    <message>
        <source>
NaN or Inf:
</source>
        <translation>
NaN 或 Inf：
</translation>
    </message>
    <message>
        <source>
All zero:
</source>
        <translation>
全为零：
</translation>
    </message>
    <message>
        <source>
Constant:
</source>
        <translation>
常量：
</translation>
    </message>
    <message>
        <source>
Not scanned:
</source>
        <translation>
未扫描：
</translation>
    </message>
    <message>
        <source>
Largest abs_max:
</source>
        <translation>
最大 abs_max：
</translation>
    </message>
    <message>
        <source>abs_max %1  l2 %2</source>
        <translation>abs_max %1  l2 %2</translation>
    </message>
</context>
<context>
    <name>StatsReport</name>
    <message>
        <source>%1  %2 %3
</source>
        <translation>%1  %2 %3
</translation>
    </message>
    <message>
        <source>numel %1   min %2   max %3   mean %4   std %5
</source>
        <translation>元素数 %1   最小值 %2   最大值 %3   均值 %4   标准差 %5
</translation>
    </message>
    <message>
        <source>zeros %1   nan %2   inf %3
</source>
        <translation>零值 %1   NaN %2   Inf %3
</translation>
    </message>
</context>
<context>
    <name>TensorCast</name>
    <message>
        <source>cannot cast %1 to %2</source>
        <translation>无法将 %1 转换为 %2</translation>
    </message>
    <message>
        <source>casting %1 to %2 is refused: torch&apos;s result for values out of range is undefined</source>
        <translation>拒绝将 %1 转换为 %2：torch 对超出范围的值的结果未定义</translation>
    </message>
</context>
<context>
    <name>TestLoad</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is too large for a manifest</source>
        <translation>%1 太大，不能作为清单</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at offset %3</source>
        <translation>%1 不是有效的 JSON：%2（偏移量 %3）</translation>
    </message>
    <message>
        <source>the manifest has no &quot;tensors&quot; array</source>
        <translation>清单中没有 &quot;tensors&quot; 数组</translation>
    </message>
    <message>
        <source>manifest tensor %1 has no &quot;key&quot;</source>
        <translation>清单张量 %1 没有 &quot;key&quot;</translation>
    </message>
    <message>
        <source>manifest tensor &apos;%1&apos; has no &quot;shape&quot; array</source>
        <translation>清单张量 &apos;%1&apos; 没有 &quot;shape&quot; 数组</translation>
    </message>
    <message>
        <source>manifest tensor &apos;%1&apos; has a bad shape</source>
        <translation>清单张量 &apos;%1&apos; 的形状无效</translation>
    </message>
    <message>
        <source>manifest tensor &apos;%1&apos; has an unknown dtype &apos;%2&apos;</source>
        <translation>清单张量 &apos;%1&apos; 的 dtype &apos;%2&apos; 未知</translation>
    </message>
    <message>
        <source>the manifest lists &apos;%1&apos; twice</source>
        <translation>清单中 &apos;%1&apos; 出现了两次</translation>
    </message>
    <message>
        <source>cannot open the architecture %1: %2</source>
        <translation>无法打开架构 %1：%2</translation>
    </message>
    <message>
        <source>the architecture %1 does not exist</source>
        <translation>架构 %1 不存在</translation>
    </message>
    <message>
        <source>the key mapping has %1 entries but the state dict has %2 keys</source>
        <translation>键映射有 %1 个条目，但状态字典有 %2 个键</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is mapped to an empty key</source>
        <translation>&apos;%1&apos; 被映射为空键</translation>
    </message>
    <message>
        <source>&apos;%1&apos; and &apos;%2&apos; would both load as &apos;%3&apos;</source>
        <translation>&apos;%1&apos; 和 &apos;%2&apos; 都将作为 &apos;%3&apos; 加载</translation>
    </message>
    <message>
        <source>only a TorchScript architecture can be saved after the load</source>
        <translation>只有 TorchScript 架构可以在加载后保存</translation>
    </message>
    <message>
        <source>cannot load &apos;%1&apos;: %2</source>
        <translation>无法加载 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <source>the forward probe needs a TorchScript architecture</source>
        <translation>前向测试需要 TorchScript 架构</translation>
    </message>
    <message>
        <source>unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>LibTorch 1.13 has no %1 tensors</source>
        <translation>LibTorch 1.13 不支持 %1 张量</translation>
    </message>
    <message>
        <source>LibTorch is not available (%1); reinstall StateLens, or set STATELENS_TORCH_PLUGIN to the plugin&apos;s path</source>
        <translation>LibTorch 不可用（%1）；请重新安装 StateLens，或将 STATELENS_TORCH_PLUGIN 设置为插件的路径</translation>
    </message>
    <message>
        <source>unknown device &apos;%1&apos; (use cpu, cuda or cuda:N)</source>
        <translation>未知设备 &apos;%1&apos;（请使用 cpu、cuda 或 cuda:N）</translation>
    </message>
    <message>
        <source>CUDA is not available: this LibTorch build sees no GPU, so use the cpu device</source>
        <translation>CUDA 不可用：此 LibTorch 构建未检测到 GPU，请使用 cpu 设备</translation>
    </message>
    <message>
        <source>there is no GPU cuda:%1 (this machine has %2)</source>
        <translation>不存在 GPU cuda:%1（此机器共有 %2 个）</translation>
    </message>
    <message>
        <source>%1 is a torch 1.0-1.2 TorchScript archive (model.json), which LibTorch 1.13 cannot load: re-save it with torch.jit.save in a newer torch</source>
        <translation>%1 是 torch 1.0–1.2 的 TorchScript 归档（model.json），LibTorch 1.13 无法加载：请在较新的 torch 中用 torch.jit.save 重新保存</translation>
    </message>
    <message>
        <source>cannot load the TorchScript module %1: %2</source>
        <translation>无法加载 TorchScript 模块 %1：%2</translation>
    </message>
    <message>
        <source>a %1 tensor has no dense data to copy</source>
        <translation>%1 张量没有可复制的稠密数据</translation>
    </message>
    <message>
        <source>cannot save the module to %1: %2</source>
        <translation>无法将模块保存到 %1：%2</translation>
    </message>
    <message>
        <source>the forward pass returned no tensor</source>
        <translation>前向传播未返回张量</translation>
    </message>
    <message>
        <source>%1 was not found beside the program or in %2</source>
        <translation>在程序旁边或 %2 中均未找到 %1</translation>
    </message>
    <message>
        <source>the transform plan has %1 inputs but the state dict has %2 keys</source>
        <translation>转换计划有 %1 个输入，但 state dict 有 %2 个键</translation>
    </message>
    <message>
        <source>the derived tensor ended after %1 of %2 values</source>
        <translation>派生张量在 %2 个值中的第 %1 个之后结束</translation>
    </message>
</context>
<context>
    <name>TestLoadReport</name>
    <message>
        <source>the TorchScript module</source>
        <translation>TorchScript 模块</translation>
    </message>
    <message>
        <source>the reference checkpoint</source>
        <translation>参考检查点</translation>
    </message>
    <message>
        <source>the manifest</source>
        <translation>清单</translation>
    </message>
    <message>
        <source>the architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>test-load failed: %1
</source>
        <translation>试加载失败：%1
</translation>
    </message>
    <message>
        <source>strict</source>
        <translation>严格</translation>
    </message>
    <message>
        <source>non-strict</source>
        <translation>非严格</translation>
    </message>
    <message>
        <source>OK: %1 test-load into %2 on %3
</source>
        <translation>通过：试加载到 %2（%1，设备 %3）
</translation>
    </message>
    <message>
        <source>NOT OK: strict test-load into %1 on %2 found %3 missing, %4 unexpected and %5 mismatched keys
</source>
        <translation>未通过：严格试加载到 %1（设备 %2）时发现 %3 个缺失、%4 个多余和 %5 个不匹配的键
</translation>
    </message>
    <message numerus="yes">
        <source>loaded %n tensor(s), %1 in %2 s
</source>
        <translation>
            <numerusform>已加载 %n 个张量，共 %1，耗时 %2 秒
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tensor(s) would load (nothing is copied into a reference checkpoint or a manifest)
</source>
        <translation>
            <numerusform>%n 个张量可以加载（不会向参考检查点或清单复制任何数据）
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>missing (%n):</source>
        <translation>
            <numerusform>缺失 (%n)：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>unexpected (%n):</source>
        <translation>
            <numerusform>多余 (%n)：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>shape mismatch, skipped (%n):
</source>
        <translation>
            <numerusform>形状不匹配，已跳过 (%n)：
</numerusform>
        </translation>
    </message>
    <message>
        <source>  %1: checkpoint %2, model %3
</source>
        <translation>  %1：检查点 %2，模型 %3
</translation>
    </message>
    <message numerus="yes">
        <source>dtype cast (%n):
</source>
        <translation>
            <numerusform>dtype 转换 (%n)：
</numerusform>
        </translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3
</source>
        <translation>  %1：%2 -&gt; %3
</translation>
    </message>
    <message>
        <source>forward pass: output shape %1
</source>
        <translation>前向传播：输出形状 %1
</translation>
    </message>
    <message>
        <source>forward pass failed: %1
</source>
        <translation>前向传播失败：%1
</translation>
    </message>
    <message>
        <source>suggested rules, in order:
</source>
        <translation>建议的规则（按顺序）：
</translation>
    </message>
    <message>
        <source>(dropped)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>  %1: model %2
</source>
        <translation>  %1：模型 %2
</translation>
    </message>
    <message>
        <source>forward pass not run: the strict load failed, as load_state_dict(strict=True) raises
</source>
        <translation>未运行前向传播：严格加载失败，与 load_state_dict(strict=True) 抛出异常一致
</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Browse PyTorch checkpoints safely.</source>
        <translation>安全地浏览 PyTorch 检查点。</translation>
    </message>
    <message>
        <source>Interface language, e.g. de or zh_CN.</source>
        <translation>界面语言，例如 de 或 zh_CN。</translation>
    </message>
    <message>
        <source>Save a 1280x800 screenshot to OUT.png and exit.</source>
        <translation>将 1280x800 的截图保存到 OUT.png 并退出。</translation>
    </message>
    <message>
        <source>Apply a key-mapping recipe (JSON) to the opened file.</source>
        <translation>对打开的文件应用键映射配方（JSON）。</translation>
    </message>
    <message>
        <source>Test-load the opened file into TARGET at start.</source>
        <translation>启动时将打开的文件试加载到 TARGET。</translation>
    </message>
    <message>
        <source>For developers: time opening the file until its key tree is painted, then typing TEXT into the filter; print the timings as JSON and exit.</source>
        <translation>供开发者使用：计时从打开文件到键树绘制完成，然后在过滤框中输入 TEXT；以 JSON 输出计时并退出。</translation>
    </message>
    <message>
        <source>Checkpoint to open.</source>
        <translation>要打开的检查点。</translation>
    </message>
    <message>
        <source>--bench-open needs a file.</source>
        <translation>--bench-open 需要一个文件。</translation>
    </message>
</context>
<context>
    <name>sl</name>
    <message>
        <source>field &quot;dims&quot; must hold two dimensions</source>
        <translation>字段 &quot;dims&quot; 必须包含两个维度</translation>
    </message>
    <message>
        <source>field &quot;shape&quot; holds a negative size</source>
        <translation>字段 &quot;shape&quot; 含有负的大小</translation>
    </message>
    <message>
        <source>field &quot;shape&quot; may hold one -1, not more</source>
        <translation>字段 &quot;shape&quot; 最多只能包含一个 -1</translation>
    </message>
    <message>
        <source>field &quot;sizes&quot; holds a negative size</source>
        <translation>字段 &quot;sizes&quot; 含有负的大小</translation>
    </message>
    <message>
        <source>&quot;sizes&quot; has %1 entries but &quot;into&quot; names %2 keys</source>
        <translation>&quot;sizes&quot; 有 %1 项，但 &quot;into&quot; 指定了 %2 个键</translation>
    </message>
    <message>
        <source>field &quot;heads&quot; must be positive</source>
        <translation>字段 &quot;heads&quot; 必须为正数</translation>
    </message>
    <message>
        <source>field &quot;direction&quot; must be &quot;meta_to_hf&quot; or &quot;hf_to_meta&quot;</source>
        <translation>字段 &quot;direction&quot; 必须是 &quot;meta_to_hf&quot; 或 &quot;hf_to_meta&quot;</translation>
    </message>
    <message>
        <source>field &quot;match&quot; needs a named group (?P&lt;i&gt;...) or (?&lt;i&gt;...) for the number</source>
        <translation>字段 &quot;match&quot; 需要一个命名组 (?P&lt;i&gt;...) 或 (?&lt;i&gt;...) 来表示编号</translation>
    </message>
    <message>
        <source>field &quot;into&quot; must contain {i}</source>
        <translation>字段 &quot;into&quot; 必须包含 {i}</translation>
    </message>
    <message>
        <source>field &quot;step&quot; must be positive</source>
        <translation>字段 &quot;step&quot; 必须为正数</translation>
    </message>
    <message>
        <source>field &quot;to&quot; must not be negative</source>
        <translation>字段 &quot;to&quot; 不能为负数</translation>
    </message>
    <message>
        <source>cannot cast to &apos;%1&apos; (expected float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8 or bool)</source>
        <translation>无法转换为 &apos;%1&apos;（应为 float16、bfloat16、float32、float64、int8、int16、int32、int64、uint8 或 bool）</translation>
    </message>
    <message>
        <source>no key matches</source>
        <translation>没有匹配的键</translation>
    </message>
    <message>
        <source>cannot reshape %1 into %2</source>
        <translation>无法将 %1 重塑为 %2</translation>
    </message>
    <message>
        <source>%1 rows do not split into %2 heads of pairs</source>
        <translation>%1 行无法拆分为 %2 个成对的头</translation>
    </message>
    <message>
        <source>dim %1 has size %2, more than %3 (use slice to cut)</source>
        <translation>维度 %1 的大小为 %2，大于 %3（请用 slice 截取）</translation>
    </message>
    <message>
        <source>cannot pad a %1 tensor with %2</source>
        <translation>无法用 %2 填充 %1 张量</translation>
    </message>
    <message>
        <source>no such key</source>
        <translation>没有这个键</translation>
    </message>
    <message>
        <source>dim %1 of size %2 does not divide into %3 equal parts</source>
        <translation>大小为 %2 的维度 %1 无法均分为 %3 份</translation>
    </message>
    <message>
        <source>sizes add up to %1, but dim %2 has size %3</source>
        <translation>各大小之和为 %1，但维度 %2 的大小为 %3</translation>
    </message>
    <message>
        <source>&quot;into&quot; names a key twice</source>
        <translation>&quot;into&quot; 重复指定了一个键</translation>
    </message>
    <message>
        <source>dim %1 is empty</source>
        <translation>维度 %1 为空</translation>
    </message>
    <message>
        <source>is %1, but &apos;%2&apos; is %3</source>
        <translation>是 %1，但 &apos;%2&apos; 是 %3</translation>
    </message>
    <message>
        <source>has shape %1, which does not fit &apos;%2&apos; of shape %3</source>
        <translation>形状为 %1，与形状为 %3 的 &apos;%2&apos; 不匹配</translation>
    </message>
    <message>
        <source>is listed twice</source>
        <translation>被列出了两次</translation>
    </message>
    <message>
        <source>group i is &apos;%1&apos;, not a number</source>
        <translation>组 i 是 &apos;%1&apos;，不是数字</translation>
    </message>
    <message>
        <source>number %1 is also &apos;%2&apos;</source>
        <translation>编号 %1 也是 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; would be renamed to an empty key</source>
        <translation>&apos;%1&apos; 将被重命名为空键</translation>
    </message>
    <message>
        <source>&apos;%1&apos; and &apos;%2&apos; would both become &apos;%3&apos;</source>
        <translation>&apos;%1&apos; 和 &apos;%2&apos; 都将变为 &apos;%3&apos;</translation>
    </message>
</context>
<context>
    <name>sl::CompareModel</name>
    <message>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>已更改</translation>
    </message>
    <message>
        <source>dtype changed</source>
        <translation>dtype 已更改</translation>
    </message>
    <message>
        <source>shape changed</source>
        <translation>形状已更改</translation>
    </message>
    <message>
        <source>renamed</source>
        <translation>已重命名</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>仅在 A 中</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>仅在 B 中</translation>
    </message>
    <message>
        <source>comparing…</source>
        <translation>正在比较…</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Key in B</source>
        <translation>B 中的键</translation>
    </message>
    <message>
        <source>Shape A</source>
        <translation>形状 A</translation>
    </message>
    <message>
        <source>Shape B</source>
        <translation>形状 B</translation>
    </message>
    <message>
        <source>Dtype A</source>
        <translation>Dtype A</translation>
    </message>
    <message>
        <source>Dtype B</source>
        <translation>Dtype B</translation>
    </message>
    <message>
        <source>max |a−b|</source>
        <translation>最大 |a−b|</translation>
    </message>
    <message>
        <source>mean |a−b|</source>
        <translation>平均 |a−b|</translation>
    </message>
    <message>
        <source>rel L2</source>
        <translation>相对 L2</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>mismatched</source>
        <translation>不匹配</translation>
    </message>
</context>
<context>
    <name>sl::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>rel L2 of each module, in file order; click a bar to select the module</source>
        <translation>各模块的相对 L2，按文件顺序；点击柱形可选中该模块</translation>
    </message>
    <message>
        <source>The selected pair: a (blue) and b (orange) on the same bins</source>
        <translation>所选的一对：a（蓝色）和 b（橙色），使用相同的分箱</translation>
    </message>
    <message>
        <source>The selected pair: histogram of a − b</source>
        <translation>所选的一对：a − b 的直方图</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>A: %1    B: %2</source>
        <translation>A：%1    B：%2</translation>
    </message>
    <message>
        <source>Comparison failed: %1</source>
        <translation>比较失败：%1</translation>
    </message>
    <message>
        <source>(cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Only differences</source>
        <translation>仅显示差异</translation>
    </message>
    <message>
        <source>Filter keys</source>
        <translation>筛选键</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Compare %1 with %2</source>
        <translation>比较 %1 与 %2</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比较…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Export Comparison as JSON</source>
        <translation>将比较结果导出为 JSON</translation>
    </message>
    <message>
        <source>Export Comparison as CSV</source>
        <translation>将比较结果导出为 CSV</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>sl::DetailsPane</name>
    <message>
        <source>Key:</source>
        <translation>键：</translation>
    </message>
    <message>
        <source>Shape:</source>
        <translation>形状：</translation>
    </message>
    <message>
        <source>DType:</source>
        <translation>DType：</translation>
    </message>
    <message>
        <source>Stride:</source>
        <translation>步长：</translation>
    </message>
    <message>
        <source>Storage:</source>
        <translation>存储：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Shares storage with:</source>
        <translation>共享存储的键：</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计信息</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>零值</translation>
    </message>
    <message>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <source>Inf</source>
        <translation>Inf</translation>
    </message>
    <message>
        <source>Bins:</source>
        <translation>分箱数：</translation>
    </message>
    <message>
        <source>Number of histogram bins</source>
        <translation>直方图的分箱数</translation>
    </message>
    <message>
        <source>Log counts</source>
        <translation>对数计数</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop computing statistics for this tensor</source>
        <translation>停止计算此张量的统计信息</translation>
    </message>
    <message>
        <source>Cancelled. Change the bin count or select the tensor again to recompute.</source>
        <translation>已取消。更改分箱数或重新选择该张量即可重新计算。</translation>
    </message>
    <message>
        <source>%1 (dropped)</source>
        <translation>%1（已丢弃）</translation>
    </message>
    <message>
        <source>%1 — dropped; saved as %2</source>
        <translation>%1 — 已丢弃；文件中为 %2</translation>
    </message>
    <message>
        <source>%1 — saved as %2</source>
        <translation>%1 — 文件中为 %2</translation>
    </message>
    <message>
        <source>Select a tensor to see its details and histogram.</source>
        <translation>选择一个张量以查看其详细信息和直方图。</translation>
    </message>
    <message>
        <source>No checkpoint open.</source>
        <translation>未打开检查点。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, offset %2 (%3 storage bytes)</source>
        <translation>%1，偏移 %2（存储 %3 字节）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (%2 elements)</source>
        <translation>%1（%2 个元素）</translation>
    </message>
    <message>
        <source>no other key</source>
        <translation>无其他键</translation>
    </message>
    <message>
        <source>Module %1</source>
        <translation>模块 %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n tensor(s))</source>
        <translation>
            <numerusform>%1（%n 个张量）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 parameters)</source>
        <translation>%1（%2 个参数）</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1（缺失）</translation>
    </message>
    <message>
        <source>Values of %1 tensors cannot be previewed.</source>
        <translation>无法预览 %1 张量的值。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Statistics unavailable: %1</source>
        <translation>统计信息不可用：%1</translation>
    </message>
    <message>
        <source>not in the state dict</source>
        <translation>不在 state dict 中</translation>
    </message>
    <message>
        <source>%1 (derived)</source>
        <translation>%1（派生）</translation>
    </message>
    <message>
        <source>%1 — derived: %2</source>
        <translation>%1 — 派生：%2</translation>
    </message>
    <message>
        <source>computed when read, from %1</source>
        <translation>读取时由 %1 计算</translation>
    </message>
    <message>
        <source>Values of this tensor cannot be previewed.</source>
        <translation>无法预览此张量的值。</translation>
    </message>
</context>
<context>
    <name>sl::EditActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>重命名(&amp;N)…</translation>
    </message>
    <message>
        <source>Rename the selected key; renaming a module renames its whole subtree (F2)</source>
        <translation>重命名所选键；重命名模块会重命名其整个子树 (F2)</translation>
    </message>
    <message>
        <source>&amp;Drop Keys</source>
        <translation>丢弃键(&amp;D)</translation>
    </message>
    <message>
        <source>Leave the selected keys or modules out of the export and test-load (Delete)</source>
        <translation>在导出和试加载时略去所选的键或模块 (Delete)</translation>
    </message>
    <message>
        <source>Strip Common Prefix</source>
        <translation>去除公共前缀</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Strip Prefix…</source>
        <translation>去除前缀(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Add Prefix…</source>
        <translation>添加前缀(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Find and Replace…</source>
        <translation>查找和替换(&amp;F)…</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>Show Dropped Keys</source>
        <translation>显示已丢弃的键</translation>
    </message>
    <message>
        <source>Show dropped keys greyed out instead of hiding them</source>
        <translation>以灰色显示已丢弃的键，而不是隐藏它们</translation>
    </message>
    <message>
        <source>Copy as &amp;Python</source>
        <translation>复制为 Python(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the mapping as mmengine revise_keys, transformers key_mapping and a dict comprehension</source>
        <translation>将映射复制为 mmengine revise_keys、transformers key_mapping 和字典推导式</translation>
    </message>
    <message>
        <source>&amp;Load Recipe…</source>
        <translation>加载配方(&amp;L)…</translation>
    </message>
    <message>
        <source>Load Recipe</source>
        <translation>加载配方</translation>
    </message>
    <message>
        <source>StateLens recipes (*.json);;All files (*)</source>
        <translation>StateLens 配方 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Sa&amp;ve Recipe…</source>
        <translation>保存配方(&amp;V)…</translation>
    </message>
    <message>
        <source>Save Recipe</source>
        <translation>保存配方</translation>
    </message>
    <message>
        <source>StateLens recipes (*.json)</source>
        <translation>StateLens 配方 (*.json)</translation>
    </message>
    <message>
        <source>&lt;original keys&gt;</source>
        <translation>&lt;原始键&gt;</translation>
    </message>
    <message>
        <source>Strip Common Prefix &apos;%1&apos;</source>
        <translation>去除公共前缀 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>No known wrapper prefix (module., _orig_mod., model., backbone.) is shared by every key</source>
        <translation>没有所有键共有的已知包装前缀（module., _orig_mod., model., backbone.）</translation>
    </message>
    <message>
        <source>Remove &apos;%1&apos; from every key (Ctrl+Shift+P)</source>
        <translation>从所有键中去除 &apos;%1&apos; (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Edit Refused</source>
        <translation>编辑被拒绝</translation>
    </message>
    <message>
        <source>drop &apos;%1&apos;</source>
        <translation>丢弃 &apos;%1&apos;</translation>
    </message>
    <message numerus="yes">
        <source>drop %n keys or modules</source>
        <translation>
            <numerusform>丢弃 %n 个键或模块</numerusform>
        </translation>
    </message>
    <message>
        <source>every key</source>
        <translation>所有键</translation>
    </message>
    <message>
        <source>keys under %1</source>
        <translation>%1 下的键</translation>
    </message>
    <message>
        <source>Strip Prefix</source>
        <translation>去除前缀</translation>
    </message>
    <message>
        <source>Add Prefix</source>
        <translation>添加前缀</translation>
    </message>
    <message>
        <source>Prefix to remove from %1:</source>
        <translation>要从 %1 中去除的前缀：</translation>
    </message>
    <message>
        <source>Prefix to add to %1:</source>
        <translation>要添加到 %1 的前缀：</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>load recipe %1</source>
        <translation>加载配方 %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Strip &amp;Wrappers</source>
        <translation>去除包装层(&amp;W)</translation>
    </message>
    <message>
        <source>No wrapper components (module., _orig_mod., _fsdp_wrapped_module., …) in the keys</source>
        <translation>键中没有包装层组件（module.、_orig_mod.、_fsdp_wrapped_module.、…）</translation>
    </message>
    <message>
        <source>Remove %1 wherever they stand in the keys</source>
        <translation>从键中的任何位置移除 %1</translation>
    </message>
    <message>
        <source>&amp;Transform…</source>
        <translation>变换(&amp;T)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+X</source>
        <translation>Ctrl+Shift+X</translation>
    </message>
    <message>
        <source>Transpose, reshape, split, concatenate, stack, slice, pad or cast tensors, with a preview of every shape and dtype (Ctrl+Shift+X)</source>
        <translation>转置、重塑、拆分、拼接、堆叠、切片、填充或转换张量，并预览每个形状和 dtype（Ctrl+Shift+X）</translation>
    </message>
</context>
<context>
    <name>sl::ExportDialog</name>
    <message>
        <source>Export Checkpoint</source>
        <translation>导出检查点</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>PyTorch (.pth, zip) — keeps everything else in the file</source>
        <translation>PyTorch (.pth, zip) — 保留文件中的其余所有内容</translation>
    </message>
    <message>
        <source>safetensors — tensors only, each stored contiguously</source>
        <translation>safetensors — 仅张量，每个张量连续存储</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>格式(&amp;O)：</translation>
    </message>
    <message>
        <source>Keep dtypes</source>
        <translation>保留 dtype</translation>
    </message>
    <message>
        <source>float32 → float16</source>
        <translation>float32 → float16</translation>
    </message>
    <message>
        <source>float32 → bfloat16</source>
        <translation>float32 → bfloat16</translation>
    </message>
    <message>
        <source>Only float32 tensors of the state dict are converted</source>
        <translation>仅转换状态字典中的 float32 张量</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>%1 keys written: %2 renamed, %3 dropped.</source>
        <translation>已写入 %1 个键：%2 个已重命名，%3 个已丢弃。</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Written and verified: %1</source>
        <translation>已写入并验证：%1</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消；未写入任何内容。</translation>
    </message>
    <message>
        <source>PyTorch checkpoint (*.pth *.pt *.ckpt *.bin);;safetensors (*.safetensors)</source>
        <translation>PyTorch 检查点 (*.pth *.pt *.ckpt *.bin);;safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>请选择导出的目标文件。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>&amp;Weights-only: a copy that torch.load(weights_only=True) reads</source>
        <translation>仅权重(&amp;W)：生成 torch.load(weights_only=True) 可读取的副本</translation>
    </message>
    <message>
        <source>Hyper-parameter namespaces, numpy values and version strings become plain values; other foreign objects are dropped. Nothing from the file is run.</source>
        <translation>超参数命名空间、numpy 值和版本字符串转换为普通值；其他外来对象被删除。不会运行文件中的任何内容。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>sl::Fields</name>
    <message>
        <source>a non-empty string</source>
        <translation>非空字符串</translation>
    </message>
    <message>
        <source>a list of keys</source>
        <translation>键的列表</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a list of integers</source>
        <translation>整数列表</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>invalid regular expression /%1/: %2</source>
        <translation>无效的正则表达式 /%1/：%2</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be %2</source>
        <translation>字段 &quot;%1&quot; 必须是%2</translation>
    </message>
</context>
<context>
    <name>sl::HistogramPlot</name>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>module</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>rel L2</source>
        <translation>相对 L2</translation>
    </message>
</context>
<context>
    <name>sl::KeyEditSession</name>
    <message>
        <source>No checkpoint is open.</source>
        <translation>没有打开的检查点。</translation>
    </message>
</context>
<context>
    <name>sl::KeyFilterProxy</name>
    <message>
        <source>%1 at offset %2</source>
        <translation>%1（偏移量 %2）</translation>
    </message>
</context>
<context>
    <name>sl::KeyTreePane</name>
    <message>
        <source>Filter keys (Ctrl+F)</source>
        <translation>筛选键 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Show keys containing this text, or matching this regular expression</source>
        <translation>显示包含此文本或匹配此正则表达式的键</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <source>Treat the filter as a regular expression</source>
        <translation>将筛选条件视为正则表达式</translation>
    </message>
    <message>
        <source>Flat list</source>
        <translation>平铺列表</translation>
    </message>
    <message>
        <source>Show full keys in one list instead of a module tree (Ctrl+L)</source>
        <translation>在单个列表中显示完整键，而不是模块树 (Ctrl+L)</translation>
    </message>
    <message>
        <source>Only problems</source>
        <translation>仅显示问题</translation>
    </message>
    <message>
        <source>Show only keys the last test-load found missing, unexpected or mismatched</source>
        <translation>仅显示上次试加载中缺失、多余或不匹配的键</translation>
    </message>
    <message>
        <source>This is not a valid regular expression</source>
        <translation>这不是有效的正则表达式</translation>
    </message>
</context>
<context>
    <name>sl::MainWindow</name>
    <message>
        <source>State Dict</source>
        <translation>状态字典</translation>
    </message>
    <message>
        <source>Checkpoint Structure</source>
        <translation>检查点结构</translation>
    </message>
    <message>
        <source>Open a checkpoint with File ▸ Open or drop one here.</source>
        <translation>通过“文件 ▸ 打开”打开检查点，或将其拖放到此处。</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) renamed, %1 dropped</source>
        <translation>
            <numerusform>已重命名 %n 个键，已丢弃 %1 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit History</source>
        <translation>编辑历史</translation>
    </message>
    <message>
        <source>Test-load</source>
        <translation>试加载</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a checkpoint (Ctrl+O)</source>
        <translation>打开检查点 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Write the checkpoint with the edited keys (Ctrl+Shift+S)</source>
        <translation>使用编辑后的键写出检查点 (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Flat List</source>
        <translation>平铺列表(&amp;F)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Switch between the module tree and a flat list of keys (Ctrl+L)</source>
        <translation>在模块树和平铺键列表之间切换 (Ctrl+L)</translation>
    </message>
    <message>
        <source>&amp;Filter Keys</source>
        <translation>筛选键(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation>全部展开(&amp;E)</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Collapse All</source>
        <translation>全部折叠(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;State Dict</source>
        <translation>状态字典(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Checkpoint &amp;Structure</source>
        <translation>检查点结构(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>Edit &amp;History</source>
        <translation>编辑历史(&amp;H)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <source>&amp;Test-load</source>
        <translation>试加载(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Run Test-load</source>
        <translation>运行试加载(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;Cancel Test-load</source>
        <translation>取消试加载(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>Test-load &amp;Panel</source>
        <translation>试加载面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About StateLens</source>
        <translation>关于 StateLens(&amp;A)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>Open Checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json *.tar);;All files (*)</source>
        <translation>PyTorch 检查点 (*.pth *.pt *.ckpt *.bin *.safetensors *.json *.tar);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot Open Checkpoint</source>
        <translation>无法打开检查点</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>格式：%1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n tensor(s)</source>
        <translation>
            <numerusform>%n 个张量</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
    <message>
        <source>Opened in %1 ms</source>
        <translation>打开耗时 %1 ms</translation>
    </message>
    <message>
        <source>&amp;Compare With…</source>
        <translation>比较(&amp;C)…</translation>
    </message>
    <message>
        <source>Compare the open checkpoint, with its edits, against another file (or drop that file here holding Ctrl)</source>
        <translation>将打开的检查点（含其编辑）与另一个文件比较（或按住 Ctrl 将该文件拖放到此处）</translation>
    </message>
    <message>
        <source>Compare With</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>Checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json);;All files (*)</source>
        <translation>检查点 (*.pth *.pt *.ckpt *.bin *.safetensors *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>工具(&amp;O)</translation>
    </message>
    <message>
        <source>StateLens[*]</source>
        <translation>StateLens[*]</translation>
    </message>
    <message>
        <source>%1[*] — StateLens</source>
        <translation>%1[*] — StateLens</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) with %1 parameters dropped</source>
        <translation>
            <numerusform>已丢弃 %n 个键，共 %1 个参数</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved Key Edits</source>
        <translation>未保存的键编辑</translation>
    </message>
    <message>
        <source>The key edits to %1 are not exported or saved as a recipe.</source>
        <translation>对 %1 的键编辑尚未导出，也未保存为配方。</translation>
    </message>
    <message>
        <source>Save exports the edited checkpoint; Save Recipe keeps only the rules.</source>
        <translation>“保存”会导出编辑后的检查点；“保存配方”只保留规则。</translation>
    </message>
    <message>
        <source>Save &amp;Recipe…</source>
        <translation>保存配方(&amp;R)…</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) renamed, %1 dropped, %2 derived from %3 transformed</source>
        <translation>
            <numerusform>已重命名 %n 个键，删除 %1 个，由 %3 个变换的键派生出 %2 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sl::ObjectTreeModel</name>
    <message>
        <source>(top level)</source>
        <translation>（顶层）</translation>
    </message>
    <message>
        <source>&lt;cycle&gt;</source>
        <translation>&lt;循环&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n 个键</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>This container holds itself; it is shown once, higher up.</source>
        <translation>此容器包含其自身；它只在上层显示一次。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>sl::OpContext</name>
    <message>
        <source>%1 &apos;%2&apos;: %3</source>
        <translation>%1 &apos;%2&apos;：%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>has no dense data to transform (quantized, sparse or meta)</source>
        <translation>没有可变换的稠密数据（量化、稀疏或 meta）</translation>
    </message>
    <message>
        <source>dim %1 is out of range for shape %2</source>
        <translation>维度 %1 超出形状 %2 的范围</translation>
    </message>
    <message>
        <source>&apos;%1&apos; already exists</source>
        <translation>&apos;%1&apos; 已存在</translation>
    </message>
</context>
<context>
    <name>sl::RegexDialog</name>
    <message>
        <source>Find and Replace in Keys</source>
        <translation>在键中查找和替换</translation>
    </message>
    <message>
        <source>e.g. ^backbone\.(\w+)\.gamma$</source>
        <translation>例如 ^backbone\.(\w+)\.gamma$</translation>
    </message>
    <message>
        <source>e.g. encoder.\1.weight</source>
        <translation>例如 encoder.\1.weight</translation>
    </message>
    <message>
        <source>&amp;Pattern:</source>
        <translation>模式(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Replace with:</source>
        <translation>替换为(&amp;R)：</translation>
    </message>
    <message>
        <source>Python re.sub semantics: \1 or \g&lt;name&gt; insert groups; every match in a key is replaced.</source>
        <translation>Python re.sub 语义：\1 或 \g&lt;name&gt; 插入分组；键中的每个匹配项都会被替换。</translation>
    </message>
    <message>
        <source>Current key</source>
        <translation>当前键</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>新键</translation>
    </message>
    <message>
        <source>Type a pattern to preview the new names.</source>
        <translation>输入模式以预览新名称。</translation>
    </message>
    <message>
        <source>Another key already has this name</source>
        <translation>已有其他键使用此名称</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) would collide with another key; change the pattern.</source>
        <translation>
            <numerusform>%n 个键将与其他键冲突；请更改模式。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) will be renamed.</source>
        <translation>
            <numerusform>将重命名 %n 个键。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sl::SafetyBanner</name>
    <message>
        <source>Hide this notice</source>
        <translation>隐藏此提示</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 及另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>This file references %1; StateLens never runs code from a checkpoint.</source>
        <translation>此文件引用了 %1；StateLens 从不运行检查点中的代码。</translation>
    </message>
    <message>
        <source>Save Weights-Only Copy…</source>
        <translation>保存仅权重副本…</translation>
    </message>
    <message>
        <source>Write a copy that torch.load(weights_only=True) reads: foreign objects are converted or dropped</source>
        <translation>写入 torch.load(weights_only=True) 可读取的副本：外来对象会被转换或删除</translation>
    </message>
    <message>
        <source>torch.load in PyTorch 2.6 and later would refuse this file: it names %1.</source>
        <translation>PyTorch 2.6 及更高版本的 torch.load 会拒绝此文件：它引用了 %1。</translation>
    </message>
</context>
<context>
    <name>sl::ScanController</name>
    <message>
        <source>&amp;Scan All Tensors</source>
        <translation>扫描所有张量(&amp;S)</translation>
    </message>
    <message>
        <source>Fill the statistics columns of every tensor and mark NaN and Inf</source>
        <translation>填充每个张量的统计列，并标记 NaN 和 Inf</translation>
    </message>
    <message>
        <source>&amp;Next Problem</source>
        <translation>下一个问题(&amp;N)</translation>
    </message>
    <message>
        <source>Select the next row with NaN or Inf (F8)</source>
        <translation>选择下一个含 NaN 或 Inf 的行 (F8)</translation>
    </message>
    <message>
        <source>Scanning every tensor…</source>
        <translation>正在扫描所有张量…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Scan All Tensors</source>
        <translation>扫描所有张量</translation>
    </message>
</context>
<context>
    <name>sl::StateDictModel</name>
    <message>
        <source>%1 (missing: the target expects it, the checkpoint has no such key)</source>
        <translation>%1（缺失：目标需要该键，但检查点中没有）</translation>
    </message>
    <message>
        <source>%1 (dropped: left out of export and test-load)</source>
        <translation>%1（已丢弃：导出和试加载时略去）</translation>
    </message>
    <message>
        <source>%1
saved as: %2</source>
        <translation>%1
文件中为：%2</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>DType</source>
        <translation>DType</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The target has no parameter or buffer named %1</source>
        <translation>目标没有名为 %1 的参数或缓冲区</translation>
    </message>
    <message>
        <source>checkpoint %1, model %2</source>
        <translation>检查点 %1，模型 %2</translation>
    </message>
    <message>
        <source>cast from %1 to %2</source>
        <translation>从 %1 转换为 %2</translation>
    </message>
    <message>
        <source>loaded as saved</source>
        <translation>按保存时的类型加载</translation>
    </message>
    <message>
        <source>The target expects %1 %2; the checkpoint has no such key</source>
        <translation>目标需要 %1 %2；检查点中没有此键</translation>
    </message>
    <message>
        <source>The target expects %1 %2 %3; the checkpoint has no such key</source>
        <translation>目标需要 %1 %2 %3；检查点中没有此键</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>unexpected</source>
        <translation>多余</translation>
    </message>
    <message>
        <source>mismatched</source>
        <translation>不匹配</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>transformed</source>
        <translation>已变换</translation>
    </message>
    <message>
        <source>%1 (transformed: a derived key replaces it in export and test-load)</source>
        <translation>%1（已变换：导出和试加载时由派生键取代）</translation>
    </message>
    <message>
        <source>%1
derived: %2</source>
        <translation>%1
派生：%2</translation>
    </message>
</context>
<context>
    <name>sl::StructurePane</name>
    <message>
        <source>Use as State Dict</source>
        <translation>用作状态字典</translation>
    </message>
    <message>
        <source>Browse the selected dict or module as the state dict</source>
        <translation>将所选字典或模块作为状态字典浏览</translation>
    </message>
    <message>
        <source>State dict: %1</source>
        <translation>状态字典：%1</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>（顶层）</translation>
    </message>
</context>
<context>
    <name>sl::TensorOp</name>
    <message>
        <source>transpose /%1/ dims %2</source>
        <translation>转置 /%1/ 维度 %2</translation>
    </message>
    <message>
        <source>reshape /%1/ to (%2)</source>
        <translation>将 /%1/ 重塑为 (%2)</translation>
    </message>
    <message>
        <source>split &apos;%1&apos; along dim %2 into %3</source>
        <translation>沿维度 %2 将 &apos;%1&apos; 拆分为 %3</translation>
    </message>
    <message>
        <source>concat %1 along dim %2 into &apos;%3&apos;</source>
        <translation>沿维度 %2 将 %1 拼接为 &apos;%3&apos;</translation>
    </message>
    <message>
        <source>permute rotary /%1/ (%2 heads, Meta to HF)</source>
        <translation>旋转位置置换 /%1/（%2 个头，Meta 到 HF）</translation>
    </message>
    <message>
        <source>permute rotary /%1/ (%2 heads, HF to Meta)</source>
        <translation>旋转位置置换 /%1/（%2 个头，HF 到 Meta）</translation>
    </message>
    <message>
        <source>stack /%1/ along dim %2 into &apos;%3&apos;</source>
        <translation>沿维度 %2 将 /%1/ 堆叠为 &apos;%3&apos;</translation>
    </message>
    <message>
        <source>unstack &apos;%1&apos; along dim %2 into &apos;%3&apos;</source>
        <translation>沿维度 %2 将 &apos;%1&apos; 拆堆为 &apos;%3&apos;</translation>
    </message>
    <message>
        <source>slice /%1/ dim %2 [%3:%4:%5]</source>
        <translation>切片 /%1/ 维度 %2 [%3:%4:%5]</translation>
    </message>
    <message>
        <source>pad /%1/ dim %2 to %3 with %4</source>
        <translation>将 /%1/ 的维度 %2 用 %4 填充到 %3</translation>
    </message>
    <message>
        <source>cast /%1/ to %2</source>
        <translation>将 /%1/ 转换为 %2</translation>
    </message>
    <message>
        <source>unknown op &apos;%1&apos;</source>
        <translation>未知操作 &apos;%1&apos;</translation>
    </message>
</context>
<context>
    <name>sl::TestLoadPanel</name>
    <message>
        <source>TorchScript module, reference checkpoint or JSON manifest</source>
        <translation>TorchScript 模块、参考检查点或 JSON 清单</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>目标(&amp;T)：</translation>
    </message>
    <message>
        <source>CUDA devices are offered only when LibTorch sees a GPU</source>
        <translation>仅当 LibTorch 检测到 GPU 时才提供 CUDA 设备</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>严格(&amp;S)</translation>
    </message>
    <message>
        <source>Like load_state_dict(strict=True): any missing, unexpected or mismatched key fails</source>
        <translation>同 load_state_dict(strict=True)：任何缺失、多余或不匹配的键都会导致失败</translation>
    </message>
    <message>
        <source>Input shape:</source>
        <translation>输入形状：</translation>
    </message>
    <message>
        <source>e.g. 1,3,224,224 (TorchScript only)</source>
        <translation>例如 1,3,224,224（仅限 TorchScript）</translation>
    </message>
    <message>
        <source>Run one forward pass on random input of this shape after loading</source>
        <translation>加载后用该形状的随机输入运行一次前向传播</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Run Test-load</source>
        <translation>运行试加载(&amp;R)</translation>
    </message>
    <message>
        <source>Load the edited state dict into the target (Ctrl+T)</source>
        <translation>将编辑后的状态字典加载到目标中 (Ctrl+T)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose a target and press Run.</source>
        <translation>请选择目标并点击“运行”。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Suggested fixes:</source>
        <translation>建议的修复：</translation>
    </message>
    <message>
        <source>&amp;Apply and Run Again</source>
        <translation>应用并重新运行(&amp;A)</translation>
    </message>
    <message>
        <source>Test-load cancelled.</source>
        <translation>试加载已取消。</translation>
    </message>
    <message>
        <source>The keys changed since the last test-load; run it again.</source>
        <translation>自上次试加载以来键已更改；请重新运行。</translation>
    </message>
    <message>
        <source>Choose Target Architecture</source>
        <translation>选择目标架构</translation>
    </message>
    <message>
        <source>Targets (*.pt *.pth *.ckpt *.bin *.safetensors *.json);;All files (*)</source>
        <translation>目标 (*.pt *.pth *.ckpt *.bin *.safetensors *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>请先打开检查点。</translation>
    </message>
    <message>
        <source>Choose a target: a TorchScript module, a reference checkpoint or a JSON manifest.</source>
        <translation>请选择目标：TorchScript 模块、参考检查点或 JSON 清单。</translation>
    </message>
    <message>
        <source>The input shape must be positive integers separated by commas, e.g. 1,3,224,224.</source>
        <translation>输入形状必须是以逗号分隔的正整数，例如 1,3,224,224。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b00020&apos;&gt;Does not load&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#b00020&apos;&gt;无法加载&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#2b8a3e&apos;&gt;Loads cleanly&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#2b8a3e&apos;&gt;加载无误&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#a06000&apos;&gt;Loads with problems&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#a06000&apos;&gt;可加载，但有问题&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1 (%2, %3): %4 loaded, %5 missing, %6 unexpected, %7 mismatched, %8 cast; %9 moved in %10 s.</source>
        <translation>%1（%2，%3）：已加载 %4，缺失 %5，多余 %6，不匹配 %7，类型转换 %8；%10 秒内传输 %9。</translation>
    </message>
    <message>
        <source>strict</source>
        <translation>严格</translation>
    </message>
    <message>
        <source>non-strict</source>
        <translation>非严格</translation>
    </message>
    <message>
        <source>Forward pass: output %1.</source>
        <translation>前向传播：输出 %1。</translation>
    </message>
    <message>
        <source>Forward pass failed: %1</source>
        <translation>前向传播失败：%1</translation>
    </message>
    <message>
        <source>Missing (%1)</source>
        <translation>缺失 (%1)</translation>
    </message>
    <message>
        <source>Unexpected (%1)</source>
        <translation>多余 (%1)</translation>
    </message>
    <message>
        <source>present</source>
        <translation>存在</translation>
    </message>
    <message>
        <source>Shape mismatch (%1)</source>
        <translation>形状不匹配 (%1)</translation>
    </message>
    <message>
        <source>DType cast (%1)</source>
        <translation>DType 转换 (%1)</translation>
    </message>
    <message>
        <source>Nothing to fix.</source>
        <translation>无需修复。</translation>
    </message>
    <message>
        <source>No automatic fix found.</source>
        <translation>未找到自动修复方案。</translation>
    </message>
    <message>
        <source>Forward pass not run: the strict load failed, as load_state_dict(strict=True) raises.</source>
        <translation>未运行前向传播：严格加载失败，与 load_state_dict(strict=True) 抛出异常一致。</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>Strip Wrappers and Run Again</source>
        <translation>去除包装层并重新运行</translation>
    </message>
    <message>
        <source>Strip Wrappers (%1) and Run Again</source>
        <translation>去除包装层 (%1) 并重新运行</translation>
    </message>
    <message>
        <source>The keys differ from the target&apos;s by wrapper components; remove them (one undo step)</source>
        <translation>键名与目标的差异在于包装层组件；去除它们（一步撤销）</translation>
    </message>
</context>
<context>
    <name>sl::TransformDialog</name>
    <message>
        <source>Transform Tensors</source>
        <translation>变换张量</translation>
    </message>
    <message>
        <source>The keys this rule applies to, as the current rules name them</source>
        <translation>此规则作用的键（按当前规则命名）</translation>
    </message>
    <message>
        <source>Key before</source>
        <translation>之前的键</translation>
    </message>
    <message>
        <source>Shape before</source>
        <translation>之前的形状</translation>
    </message>
    <message>
        <source>DType before</source>
        <translation>之前的 DType</translation>
    </message>
    <message>
        <source>Key after</source>
        <translation>之后的键</translation>
    </message>
    <message>
        <source>Shape after</source>
        <translation>之后的形状</translation>
    </message>
    <message>
        <source>DType after</source>
        <translation>之后的 DType</translation>
    </message>
    <message>
        <source>a regex matching whole keys, e.g. h\.\d+\.attn\.c_attn\.weight</source>
        <translation>匹配完整键的正则表达式，例如 h\.\d+\.attn\.c_attn\.weight</translation>
    </message>
    <message>
        <source>keys separated by commas, in order</source>
        <translation>以逗号分隔的键，按顺序</translation>
    </message>
    <message>
        <source>e.g. 3, -1, 64 (one -1 allowed)</source>
        <translation>例如 3, -1, 64（允许一个 -1）</translation>
    </message>
    <message>
        <source>optional: equal parts when empty</source>
        <translation>可选：留空则均分</translation>
    </message>
    <message>
        <source>Meta to Hugging Face</source>
        <translation>Meta 到 Hugging Face</translation>
    </message>
    <message>
        <source>Hugging Face to Meta</source>
        <translation>Hugging Face 到 Meta</translation>
    </message>
    <message>
        <source>Transpose</source>
        <translation>转置</translation>
    </message>
    <message>
        <source>Reshape</source>
        <translation>重塑</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <source>Concatenate</source>
        <translation>拼接</translation>
    </message>
    <message>
        <source>Permute rotary</source>
        <translation>旋转位置置换</translation>
    </message>
    <message>
        <source>Stack</source>
        <translation>堆叠</translation>
    </message>
    <message>
        <source>Unstack</source>
        <translation>拆堆</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>切片</translation>
    </message>
    <message>
        <source>Pad</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Cast</source>
        <translation>类型转换</translation>
    </message>
    <message>
        <source>&amp;Operation:</source>
        <translation>操作(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Match:</source>
        <translation>匹配(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>键(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Keys:</source>
        <translation>多个键(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Into:</source>
        <translation>目标(&amp;I)：</translation>
    </message>
    <message>
        <source>D&amp;ims:</source>
        <translation>维度对(&amp;I)：</translation>
    </message>
    <message>
        <source>S&amp;hape:</source>
        <translation>形状(&amp;H)：</translation>
    </message>
    <message>
        <source>Si&amp;zes:</source>
        <translation>大小(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Dim:</source>
        <translation>维度(&amp;D)：</translation>
    </message>
    <message>
        <source>H&amp;eads:</source>
        <translation>头数(&amp;E)：</translation>
    </message>
    <message>
        <source>Di&amp;rection:</source>
        <translation>方向(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>起始(&amp;S)：</translation>
    </message>
    <message>
        <source>S&amp;top:</source>
        <translation>结束(&amp;T)：</translation>
    </message>
    <message>
        <source>Ste&amp;p:</source>
        <translation>步长(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;To size:</source>
        <translation>目标大小(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>值(&amp;V)：</translation>
    </message>
    <message>
        <source>D&amp;Type:</source>
        <translation>数据类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>new keys separated by commas, in order</source>
        <translation>以逗号分隔的新键，按顺序</translation>
    </message>
    <message>
        <source>a name with {i}, e.g. experts.{i}.w</source>
        <translation>包含 {i} 的名称，例如 experts.{i}.w</translation>
    </message>
    <message>
        <source>the new key</source>
        <translation>新的键</translation>
    </message>
    <message>
        <source>Where the new dimension goes</source>
        <translation>新维度的位置</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be integers separated by commas</source>
        <translation>字段 &quot;%1&quot; 必须是以逗号分隔的整数</translation>
    </message>
    <message>
        <source>No checkpoint is open.</source>
        <translation>没有打开的检查点。</translation>
    </message>
    <message>
        <source>Fill in the fields to preview the affected keys.</source>
        <translation>请填写字段以预览受影响的键。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n key(s) after the rule are new or changed.</source>
        <translation>
            <numerusform>%1：应用规则后有 %n 个键是新的或已更改。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (no such key)</source>
        <translation>%1（没有这个键）</translation>
    </message>
</context>
</TS>
