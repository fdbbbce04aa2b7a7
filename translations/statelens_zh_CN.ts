<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>InspectReport</name>
    <message>
        <location filename="../model/inspect_report.cpp" line="152"/>
        <source>KEY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="152"/>
        <source>SHAPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="152"/>
        <source>DTYPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="152"/>
        <source>DEVICE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="152"/>
        <source>SIZE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="167"/>
        <source>File:   %1 (%2, %3)
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="170"/>
        <source>Root:   %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="170"/>
        <source>(top level)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="176"/>
        <source>%1 tensors, %2 parameters, %3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="181"/>
        <source>Note: the file references %1; StateLens never runs code from a checkpoint.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/inspect_report.cpp" line="183"/>
        <source>Warning: %1
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsReport</name>
    <message>
        <location filename="../model/stats_report.cpp" line="51"/>
        <source>%1  %2 %3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/stats_report.cpp" line="52"/>
        <source>numel %1   min %2   max %3   mean %4   std %5
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/stats_report.cpp" line="58"/>
        <source>zeros %1   nan %2   inf %3
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="63"/>
        <source>Browse PyTorch checkpoints safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="66"/>
        <source>Interface language, e.g. de or zh_CN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="69"/>
        <source>Save a 1280x800 screenshot to OUT.png and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="73"/>
        <source>Checkpoint to open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::DetailsPane</name>
    <message>
        <location filename="../ui/details_pane.cpp" line="61"/>
        <source>Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="62"/>
        <source>Shape:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="63"/>
        <source>DType:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="64"/>
        <source>Stride:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="65"/>
        <source>Storage:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="66"/>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="67"/>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="68"/>
        <source>Shares storage with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="71"/>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="74"/>
        <source>min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="74"/>
        <source>max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="74"/>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="75"/>
        <source>std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="75"/>
        <source>zeros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="75"/>
        <source>NaN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="76"/>
        <source>Inf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="90"/>
        <source>Bins:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="94"/>
        <source>Number of histogram bins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="96"/>
        <source>Log counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="103"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="104"/>
        <source>Stop computing statistics for this tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="123"/>
        <source>Cancelled. Change the bin count or select the tensor again to recompute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="164"/>
        <source>Select a tensor to see its details and histogram.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="165"/>
        <source>No checkpoint open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="195"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="197"/>
        <source>%1, offset %2 (%3 storage bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="201"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="203"/>
        <source>%1 (%2 elements)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="207"/>
        <source>no other key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="233"/>
        <source>Module %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/details_pane.cpp" line="234"/>
        <source>%1 (%n tensor(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="237"/>
        <source>%1 (%2 parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="247"/>
        <source>Values of %1 tensors cannot be previewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="250"/>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/details_pane.cpp" line="280"/>
        <source>Statistics unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::HistogramPlot</name>
    <message>
        <location filename="../ui/histogram_plot.cpp" line="21"/>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/histogram_plot.cpp" line="22"/>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::KeyFilterProxy</name>
    <message>
        <location filename="../model/key_filter_proxy.cpp" line="37"/>
        <source>%1 at offset %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::KeyTreePane</name>
    <message>
        <location filename="../ui/key_tree_pane.cpp" line="46"/>
        <source>Filter keys (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/key_tree_pane.cpp" line="48"/>
        <location filename="../ui/key_tree_pane.cpp" line="117"/>
        <source>Show keys containing this text, or matching this regular expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/key_tree_pane.cpp" line="50"/>
        <source>Regex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/key_tree_pane.cpp" line="51"/>
        <source>Treat the filter as a regular expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/key_tree_pane.cpp" line="53"/>
        <source>Flat list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/key_tree_pane.cpp" line="54"/>
        <source>Show full keys in one list instead of a module tree (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/key_tree_pane.cpp" line="116"/>
        <source>This is not a valid regular expression</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="43"/>
        <source>StateLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="56"/>
        <source>State Dict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="57"/>
        <source>Checkpoint Structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="74"/>
        <source>Open a checkpoint with File ▸ Open or drop one here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="89"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="90"/>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="93"/>
        <source>Open a checkpoint (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="94"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="97"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="100"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="101"/>
        <source>&amp;Flat List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="103"/>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="104"/>
        <source>Switch between the module tree and a flat list of keys (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="106"/>
        <source>&amp;Filter Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="109"/>
        <source>&amp;Expand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="111"/>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="112"/>
        <source>&amp;Collapse All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="114"/>
        <source>Ctrl+Shift+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="116"/>
        <source>&amp;State Dict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="117"/>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Checkpoint &amp;Structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="120"/>
        <source>Ctrl+2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="122"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="123"/>
        <source>&amp;About StateLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="124"/>
        <source>About StateLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="125"/>
        <source>&lt;b&gt;StateLens&lt;/b&gt; %1&lt;br&gt;Browse PyTorch checkpoints safely: no code from a file is ever run, and tensor data is read only when needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="130"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="145"/>
        <source>&amp;%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="151"/>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="153"/>
        <source>&amp;Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="162"/>
        <source>Open Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="163"/>
        <source>PyTorch checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json *.tar);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="173"/>
        <source>Cannot Open Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="183"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="194"/>
        <source>%1 — StateLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="200"/>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="228"/>
        <source>Format: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="229"/>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="230"/>
        <source>%n tensor(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="231"/>
        <source>%1 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="232"/>
        <source>Opened in %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::ObjectTreeModel</name>
    <message>
        <location filename="../model/object_tree_model.cpp" line="72"/>
        <source>(top level)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/object_tree_model.cpp" line="241"/>
        <source>&lt;cycle&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../model/object_tree_model.cpp" line="249"/>
        <source>%n key(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../model/object_tree_model.cpp" line="252"/>
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/object_tree_model.cpp" line="276"/>
        <source>This container holds itself; it is shown once, higher up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/object_tree_model.cpp" line="292"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/object_tree_model.cpp" line="293"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/object_tree_model.cpp" line="294"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::SafetyBanner</name>
    <message>
        <location filename="../ui/safety_banner.cpp" line="24"/>
        <source>Hide this notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/safety_banner.cpp" line="40"/>
        <source>%1 and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/safety_banner.cpp" line="41"/>
        <source>This file references %1; StateLens never runs code from a checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::StateDictModel</name>
    <message>
        <location filename="../model/state_dict_model.cpp" line="254"/>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/state_dict_model.cpp" line="294"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/state_dict_model.cpp" line="295"/>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/state_dict_model.cpp" line="296"/>
        <source>DType</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/state_dict_model.cpp" line="297"/>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/state_dict_model.cpp" line="298"/>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/state_dict_model.cpp" line="299"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/state_dict_model.cpp" line="300"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sl::StructurePane</name>
    <message>
        <location filename="../ui/structure_pane.cpp" line="30"/>
        <source>Use as State Dict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/structure_pane.cpp" line="31"/>
        <source>Browse the selected dict or module as the state dict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/structure_pane.cpp" line="59"/>
        <source>State dict: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/structure_pane.cpp" line="60"/>
        <source>(top level)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
