<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutBox</name>
    <message>
        <source>&lt;b&gt;StateLens&lt;/b&gt; %1&lt;br&gt;Browse PyTorch checkpoints safely: no code from a file is ever run, and tensor data is read only when needed.</source>
        <translation>&lt;b&gt;StateLens&lt;/b&gt; %1&lt;br&gt;PyTorch-Checkpoints sicher betrachten: Code aus einer Datei wird niemals ausgeführt, und Tensordaten werden nur bei Bedarf gelesen.</translation>
    </message>
    <message>
        <source>Built with Qt %1 (running on Qt %2) and LibTorch %3.</source>
        <translation>Erstellt mit Qt %1 (läuft mit Qt %2) und LibTorch %3.</translation>
    </message>
    <message>
        <source>Licence: MIT. You may use, copy, change and share StateLens freely; it comes with no warranty.</source>
        <translation>Lizenz: MIT. Sie dürfen StateLens frei nutzen, kopieren, ändern und weitergeben; es wird ohne jede Gewährleistung geliefert.</translation>
    </message>
    <message>
        <source>About StateLens</source>
        <translation>Über StateLens</translation>
    </message>
</context>
<context>
    <name>ExportFormat</name>
    <message>
        <source>the name %1 ends in .%2, which does not hold the %3 format; name it .%4 or choose %5</source>
        <translation>der Name %1 endet auf .%2, das nicht das Format %3 enthält; nennen Sie die Datei .%4 oder wählen Sie %5</translation>
    </message>
</context>
<context>
    <name>InspectReport</name>
    <message>
        <source>KEY</source>
        <translation>SCHLÜSSEL</translation>
    </message>
    <message>
        <source>SHAPE</source>
        <translation>FORM</translation>
    </message>
    <message>
        <source>DTYPE</source>
        <translation>DTYPE</translation>
    </message>
    <message>
        <source>DEVICE</source>
        <translation>GERÄT</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>GRÖSSE</translation>
    </message>
    <message>
        <source>File:   %1 (%2, %3)
</source>
        <translation>Datei:  %1 (%2, %3)
</translation>
    </message>
    <message>
        <source>Root:   %1
</source>
        <translation>Wurzel: %1
</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>(oberste Ebene)</translation>
    </message>
    <message>
        <source>%1 tensors, %2 parameters, %3
</source>
        <translation>%1 Tensoren, %2 Parameter, %3
</translation>
    </message>
    <message>
        <source>Note: the file references %1; StateLens never runs code from a checkpoint.
</source>
        <translation>Hinweis: Die Datei verweist auf %1; StateLens führt niemals Code aus einem Checkpoint aus.
</translation>
    </message>
    <message>
        <source>Warning: %1
</source>
        <translation>Warnung: %1
</translation>
    </message>
    <message>
        <source>Note: torch.load in PyTorch 2.6 and later would refuse this file (weights_only): it names %1.
</source>
        <translation>Hinweis: torch.load in PyTorch 2.6 und neuer würde diese Datei ablehnen (weights_only): sie nennt %1.
</translation>
    </message>
</context>
<context>
    <name>KeyMap</name>
    <message>
        <source> in %1</source>
        <translation> in %1</translation>
    </message>
    <message>
        <source>strip prefix &apos;%1&apos;%2</source>
        <translation>Präfix &apos;%1&apos;%2 entfernen</translation>
    </message>
    <message>
        <source>add prefix &apos;%1&apos;%2</source>
        <translation>Präfix &apos;%1&apos;%2 hinzufügen</translation>
    </message>
    <message>
        <source>rename &apos;%1&apos; to &apos;%2&apos;</source>
        <translation>&apos;%1&apos; in &apos;%2&apos; umbenennen</translation>
    </message>
    <message>
        <source>replace /%1/ with &apos;%2&apos;</source>
        <translation>/%1/ durch &apos;%2&apos; ersetzen</translation>
    </message>
    <message>
        <source>drop /%1/</source>
        <translation>/%1/ verwerfen</translation>
    </message>
    <message>
        <source>invalid regular expression /%1/: %2</source>
        <translation>ungültiger regulärer Ausdruck /%1/: %2</translation>
    </message>
    <message>
        <source>replacing /%1/ makes a key longer than %2 characters</source>
        <translation>das Ersetzen von /%1/ macht einen Schlüssel länger als %2 Zeichen</translation>
    </message>
    <message>
        <source>octal escape out of range in &apos;%1&apos;</source>
        <translation>Oktal-Escape außerhalb des gültigen Bereichs in &apos;%1&apos;</translation>
    </message>
    <message>
        <source>invalid group reference \%1 in &apos;%2&apos;</source>
        <translation>ungültige Gruppenreferenz \%1 in &apos;%2&apos;</translation>
    </message>
    <message>
        <source>missing &apos;&gt;&apos; in group reference in &apos;%1&apos;</source>
        <translation>fehlendes &apos;&gt;&apos; in Gruppenreferenz in &apos;%1&apos;</translation>
    </message>
    <message>
        <source>unknown group &apos;%1&apos; in &apos;%2&apos;</source>
        <translation>unbekannte Gruppe &apos;%1&apos; in &apos;%2&apos;</translation>
    </message>
    <message>
        <source>bad escape \%1 in &apos;%2&apos;</source>
        <translation>ungültiges Escape \%1 in &apos;%2&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; would be renamed to an empty key</source>
        <translation>&apos;%1&apos; würde in einen leeren Schlüssel umbenannt</translation>
    </message>
    <message>
        <source>&apos;%1&apos; and &apos;%2&apos; would both become &apos;%3&apos;</source>
        <translation>&apos;%1&apos; und &apos;%2&apos; würden beide zu &apos;%3&apos;</translation>
    </message>
    <message>
        <source>recipe is not valid JSON: %1 at offset %2</source>
        <translation>Rezept ist kein gültiges JSON: %1 bei Offset %2</translation>
    </message>
    <message>
        <source>recipe has no &quot;rules&quot; list</source>
        <translation>Rezept hat keine &quot;rules&quot;-Liste</translation>
    </message>
    <message>
        <source>rule %1 (%2): missing or empty field</source>
        <translation>Regel %1 (%2): fehlendes oder leeres Feld</translation>
    </message>
    <message>
        <source>rule %1: invalid regular expression /%2/: %3</source>
        <translation>Regel %1: ungültiger regulärer Ausdruck /%2/: %3</translation>
    </message>
    <message>
        <source>strip wrappers</source>
        <translation>Wrapper entfernen</translation>
    </message>
    <message>
        <source>strip wrappers except %1</source>
        <translation>Wrapper entfernen außer %1</translation>
    </message>
    <message>
        <source>this recipe changes tensors; it needs the checkpoint&apos;s shapes</source>
        <translation>dieses Rezept verändert Tensoren; es benötigt die Formen des Checkpoints</translation>
    </message>
    <message>
        <source>rule %1 (%2): %3</source>
        <translation>Regel %1 (%2): %3</translation>
    </message>
    <message>
        <source>rule %1: unknown op &apos;%2&apos; (expected strip_prefix, add_prefix, rename, regex, drop, strip_wrappers, transpose, reshape, split, concat, permute_rotary, stack, unstack, slice, pad or cast)</source>
        <translation>Regel %1: unbekannte Operation &apos;%2&apos; (erwartet: strip_prefix, add_prefix, rename, regex, drop, strip_wrappers, transpose, reshape, split, concat, permute_rotary, stack, unstack, slice, pad oder cast)</translation>
    </message>
</context>
<context>
    <name>OpenBenchmark</name>
    <message>
        <source>The key tree was not painted within %1 s.</source>
        <translation>Der Schlüsselbaum wurde nicht innerhalb von %1 s gezeichnet.</translation>
    </message>
</context>
<context>
    <name>ScanColumns</name>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>Std.-Abw.</translation>
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
        <translation>Nullen</translation>
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
        <translation>alles null</translation>
    </message>
    <message>
        <source>constant %1</source>
        <translation>konstant %1</translation>
    </message>
    <message>
        <source>%1: %2 tensors scanned, %3 with NaN or Inf
</source>
        <translation>%1: %2 Tensoren geprüft, %3 mit NaN oder Inf
</translation>
    </message>
    <message>
        <source>
NaN or Inf:
</source>
        <translation>
NaN oder Inf:
</translation>
    </message>
    <message>
        <source>
All zero:
</source>
        <translation>
Nur Nullen:
</translation>
    </message>
    <message>
        <source>
Constant:
</source>
        <translation>
Konstant:
</translation>
    </message>
    <message>
        <source>
Not scanned:
</source>
        <translation>
Nicht geprüft:
</translation>
    </message>
    <message>
        <source>
Largest abs_max:
</source>
        <translation>
Größte abs_max:
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
        <translation>numel %1   Min %2   Max %3   Mittelwert %4   Std.-Abw. %5
</translation>
    </message>
    <message>
        <source>zeros %1   nan %2   inf %3
</source>
        <translation>Nullen %1   NaN %2   Inf %3
</translation>
    </message>
</context>
<context>
    <name>TensorCast</name>
    <message>
        <source>cannot cast %1 to %2</source>
        <translation>%1 kann nicht in %2 umgewandelt werden</translation>
    </message>
    <message>
        <source>casting %1 to %2 is refused: torch&apos;s result for values out of range is undefined</source>
        <translation>die Umwandlung von %1 in %2 wird abgelehnt: das Ergebnis von torch für Werte außerhalb des Bereichs ist undefiniert</translation>
    </message>
</context>
<context>
    <name>TestLoad</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is too large for a manifest</source>
        <translation>%1 ist zu groß für ein Manifest</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at offset %3</source>
        <translation>%1 ist kein gültiges JSON: %2 bei Offset %3</translation>
    </message>
    <message>
        <source>the manifest has no &quot;tensors&quot; array</source>
        <translation>das Manifest hat kein &quot;tensors&quot;-Array</translation>
    </message>
    <message>
        <source>manifest tensor %1 has no &quot;key&quot;</source>
        <translation>Manifest-Tensor %1 hat keinen &quot;key&quot;</translation>
    </message>
    <message>
        <source>manifest tensor &apos;%1&apos; has no &quot;shape&quot; array</source>
        <translation>Manifest-Tensor &apos;%1&apos; hat kein &quot;shape&quot;-Array</translation>
    </message>
    <message>
        <source>manifest tensor &apos;%1&apos; has a bad shape</source>
        <translation>Manifest-Tensor &apos;%1&apos; hat eine ungültige Form</translation>
    </message>
    <message>
        <source>manifest tensor &apos;%1&apos; has an unknown dtype &apos;%2&apos;</source>
        <translation>Manifest-Tensor &apos;%1&apos; hat einen unbekannten dtype &apos;%2&apos;</translation>
    </message>
    <message>
        <source>the manifest lists &apos;%1&apos; twice</source>
        <translation>das Manifest führt &apos;%1&apos; doppelt auf</translation>
    </message>
    <message>
        <source>cannot open the architecture %1: %2</source>
        <translation>Architektur %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>the architecture %1 does not exist</source>
        <translation>die Architektur %1 existiert nicht</translation>
    </message>
    <message>
        <source>the key mapping has %1 entries but the state dict has %2 keys</source>
        <translation>die Schlüsselzuordnung hat %1 Einträge, das State-Dict aber %2 Schlüssel</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is mapped to an empty key</source>
        <translation>&apos;%1&apos; wird auf einen leeren Schlüssel abgebildet</translation>
    </message>
    <message>
        <source>&apos;%1&apos; and &apos;%2&apos; would both load as &apos;%3&apos;</source>
        <translation>&apos;%1&apos; und &apos;%2&apos; würden beide als &apos;%3&apos; geladen</translation>
    </message>
    <message>
        <source>only a TorchScript architecture can be saved after the load</source>
        <translation>nur eine TorchScript-Architektur kann nach dem Laden gespeichert werden</translation>
    </message>
    <message>
        <source>cannot load &apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos; kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>the forward probe needs a TorchScript architecture</source>
        <translation>der Forward-Test benötigt eine TorchScript-Architektur</translation>
    </message>
    <message>
        <source>unexpected error: %1</source>
        <translation>unerwarteter Fehler: %1</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>LibTorch 1.13 has no %1 tensors</source>
        <translation>LibTorch 1.13 kennt keine %1-Tensoren</translation>
    </message>
    <message>
        <source>LibTorch is not available (%1); reinstall StateLens, or set STATELENS_TORCH_PLUGIN to the plugin&apos;s path</source>
        <translation>LibTorch ist nicht verfügbar (%1); installieren Sie StateLens neu oder setzen Sie STATELENS_TORCH_PLUGIN auf den Pfad des Plugins</translation>
    </message>
    <message>
        <source>unknown device &apos;%1&apos; (use cpu, cuda or cuda:N)</source>
        <translation>unbekanntes Gerät &apos;%1&apos; (cpu, cuda oder cuda:N verwenden)</translation>
    </message>
    <message>
        <source>CUDA is not available: this LibTorch build sees no GPU, so use the cpu device</source>
        <translation>CUDA ist nicht verfügbar: Dieser LibTorch-Build erkennt keine GPU, verwenden Sie daher das Gerät cpu</translation>
    </message>
    <message>
        <source>there is no GPU cuda:%1 (this machine has %2)</source>
        <translation>es gibt keine GPU cuda:%1 (dieser Rechner hat %2)</translation>
    </message>
    <message>
        <source>%1 is a torch 1.0-1.2 TorchScript archive (model.json), which LibTorch 1.13 cannot load: re-save it with torch.jit.save in a newer torch</source>
        <translation>%1 ist ein TorchScript-Archiv aus torch 1.0–1.2 (model.json), das LibTorch 1.13 nicht laden kann: speichern Sie es mit torch.jit.save in einer neueren torch-Version neu</translation>
    </message>
    <message>
        <source>cannot load the TorchScript module %1: %2</source>
        <translation>das TorchScript-Modul %1 kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>a %1 tensor has no dense data to copy</source>
        <translation>ein %1-Tensor hat keine dichten Daten zum Kopieren</translation>
    </message>
    <message>
        <source>cannot save the module to %1: %2</source>
        <translation>Modul kann nicht unter %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <source>the forward pass returned no tensor</source>
        <translation>der Forward-Pass hat keinen Tensor zurückgegeben</translation>
    </message>
    <message>
        <source>%1 was not found beside the program or in %2</source>
        <translation>%1 wurde weder neben dem Programm noch in %2 gefunden</translation>
    </message>
    <message>
        <source>the transform plan has %1 inputs but the state dict has %2 keys</source>
        <translation>der Transformationsplan hat %1 Eingaben, das State-Dict aber %2 Schlüssel</translation>
    </message>
    <message>
        <source>the derived tensor ended after %1 of %2 values</source>
        <translation>der abgeleitete Tensor endete nach %1 von %2 Werten</translation>
    </message>
</context>
<context>
    <name>TestLoadReport</name>
    <message>
        <source>the TorchScript module</source>
        <translation>TorchScript-Modul</translation>
    </message>
    <message>
        <source>the reference checkpoint</source>
        <translation>Referenz-Checkpoint</translation>
    </message>
    <message>
        <source>the manifest</source>
        <translation>Manifest</translation>
    </message>
    <message>
        <source>the architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>test-load failed: %1
</source>
        <translation>Probeladen fehlgeschlagen: %1
</translation>
    </message>
    <message>
        <source>strict</source>
        <translation>strikt</translation>
    </message>
    <message>
        <source>non-strict</source>
        <translation>nicht strikt</translation>
    </message>
    <message>
        <source>OK: %1 test-load into %2 on %3
</source>
        <translation>OK: Probeladen (%1) – Ziel: %2, Gerät: %3
</translation>
    </message>
    <message>
        <source>NOT OK: strict test-load into %1 on %2 found %3 missing, %4 unexpected and %5 mismatched keys
</source>
        <translation>NICHT OK: Striktes Probeladen – Ziel: %1, Gerät: %2 – %3 fehlende, %4 unerwartete und %5 abweichende Schlüssel
</translation>
    </message>
    <message numerus="yes">
        <source>loaded %n tensor(s), %1 in %2 s
</source>
        <translation>
            <numerusform>%n Tensor geladen, %1 in %2 s
</numerusform>
            <numerusform>%n Tensoren geladen, %1 in %2 s
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tensor(s) would load (nothing is copied into a reference checkpoint or a manifest)
</source>
        <translation>
            <numerusform>%n Tensor würde geladen (in einen Referenz-Checkpoint oder ein Manifest wird nichts kopiert)
</numerusform>
            <numerusform>%n Tensoren würden geladen (in einen Referenz-Checkpoint oder ein Manifest wird nichts kopiert)
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>missing (%n):</source>
        <translation>
            <numerusform>fehlend (%n):</numerusform>
            <numerusform>fehlend (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>unexpected (%n):</source>
        <translation>
            <numerusform>unerwartet (%n):</numerusform>
            <numerusform>unerwartet (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>shape mismatch, skipped (%n):
</source>
        <translation>
            <numerusform>Formabweichung, übersprungen (%n):
</numerusform>
            <numerusform>Formabweichungen, übersprungen (%n):
</numerusform>
        </translation>
    </message>
    <message>
        <source>  %1: checkpoint %2, model %3
</source>
        <translation>  %1: Checkpoint %2, Modell %3
</translation>
    </message>
    <message numerus="yes">
        <source>dtype cast (%n):
</source>
        <translation>
            <numerusform>dtype-Umwandlung (%n):
</numerusform>
            <numerusform>dtype-Umwandlungen (%n):
</numerusform>
        </translation>
    </message>
    <message>
        <source>  %1: %2 -&gt; %3
</source>
        <translation>  %1: %2 -&gt; %3
</translation>
    </message>
    <message>
        <source>forward pass: output shape %1
</source>
        <translation>Forward-Pass: Ausgabeform %1
</translation>
    </message>
    <message>
        <source>forward pass failed: %1
</source>
        <translation>Forward-Pass fehlgeschlagen: %1
</translation>
    </message>
    <message>
        <source>suggested rules, in order:
</source>
        <translation>vorgeschlagene Regeln, in Reihenfolge:
</translation>
    </message>
    <message>
        <source>(dropped)</source>
        <translation>(entfernt)</translation>
    </message>
    <message>
        <source>  %1: model %2
</source>
        <translation>  %1: Modell %2
</translation>
    </message>
    <message>
        <source>forward pass not run: the strict load failed, as load_state_dict(strict=True) raises
</source>
        <translation>Forward-Pass nicht ausgeführt: das strikte Laden ist fehlgeschlagen, wie load_state_dict(strict=True) einen Fehler auslöst
</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Browse PyTorch checkpoints safely.</source>
        <translation>PyTorch-Checkpoints sicher betrachten.</translation>
    </message>
    <message>
        <source>Interface language, e.g. de or zh_CN.</source>
        <translation>Sprache der Oberfläche, z. B. de oder zh_CN.</translation>
    </message>
    <message>
        <source>Save a 1280x800 screenshot to OUT.png and exit.</source>
        <translation>Ein Bildschirmfoto in 1280x800 unter OUT.png speichern und beenden.</translation>
    </message>
    <message>
        <source>Apply a key-mapping recipe (JSON) to the opened file.</source>
        <translation>Ein Rezept zur Schlüsselzuordnung (JSON) auf die geöffnete Datei anwenden.</translation>
    </message>
    <message>
        <source>Test-load the opened file into TARGET at start.</source>
        <translation>Die geöffnete Datei beim Start probeweise in TARGET laden.</translation>
    </message>
    <message>
        <source>For developers: time opening the file until its key tree is painted, then typing TEXT into the filter; print the timings as JSON and exit.</source>
        <translation>Für Entwickler: die Zeit vom Öffnen der Datei bis zum gezeichneten Schlüsselbaum messen, dann TEXT in den Filter tippen; die Zeiten als JSON ausgeben und beenden.</translation>
    </message>
    <message>
        <source>Checkpoint to open.</source>
        <translation>Zu öffnender Checkpoint.</translation>
    </message>
    <message>
        <source>--bench-open needs a file.</source>
        <translation>--bench-open braucht eine Datei.</translation>
    </message>
</context>
<context>
    <name>sl</name>
    <message>
        <source>field &quot;dims&quot; must hold two dimensions</source>
        <translation>Feld &quot;dims&quot; muss zwei Dimensionen enthalten</translation>
    </message>
    <message>
        <source>field &quot;shape&quot; holds a negative size</source>
        <translation>Feld &quot;shape&quot; enthält eine negative Größe</translation>
    </message>
    <message>
        <source>field &quot;shape&quot; may hold one -1, not more</source>
        <translation>Feld &quot;shape&quot; darf höchstens eine -1 enthalten</translation>
    </message>
    <message>
        <source>field &quot;sizes&quot; holds a negative size</source>
        <translation>Feld &quot;sizes&quot; enthält eine negative Größe</translation>
    </message>
    <message>
        <source>&quot;sizes&quot; has %1 entries but &quot;into&quot; names %2 keys</source>
        <translation>&quot;sizes&quot; hat %1 Einträge, aber &quot;into&quot; nennt %2 Schlüssel</translation>
    </message>
    <message>
        <source>field &quot;heads&quot; must be positive</source>
        <translation>Feld &quot;heads&quot; muss positiv sein</translation>
    </message>
    <message>
        <source>field &quot;direction&quot; must be &quot;meta_to_hf&quot; or &quot;hf_to_meta&quot;</source>
        <translation>Feld &quot;direction&quot; muss &quot;meta_to_hf&quot; oder &quot;hf_to_meta&quot; sein</translation>
    </message>
    <message>
        <source>field &quot;match&quot; needs a named group (?P&lt;i&gt;...) or (?&lt;i&gt;...) for the number</source>
        <translation>Feld &quot;match&quot; braucht eine benannte Gruppe (?P&lt;i&gt;...) oder (?&lt;i&gt;...) für die Nummer</translation>
    </message>
    <message>
        <source>field &quot;into&quot; must contain {i}</source>
        <translation>Feld &quot;into&quot; muss {i} enthalten</translation>
    </message>
    <message>
        <source>field &quot;step&quot; must be positive</source>
        <translation>Feld &quot;step&quot; muss positiv sein</translation>
    </message>
    <message>
        <source>field &quot;to&quot; must not be negative</source>
        <translation>Feld &quot;to&quot; darf nicht negativ sein</translation>
    </message>
    <message>
        <source>cannot cast to &apos;%1&apos; (expected float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8 or bool)</source>
        <translation>Umwandlung in &apos;%1&apos; nicht möglich (erwartet: float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8 oder bool)</translation>
    </message>
    <message>
        <source>no key matches</source>
        <translation>kein Schlüssel passt</translation>
    </message>
    <message>
        <source>cannot reshape %1 into %2</source>
        <translation>%1 kann nicht in %2 umgeformt werden</translation>
    </message>
    <message>
        <source>%1 rows do not split into %2 heads of pairs</source>
        <translation>%1 Zeilen lassen sich nicht in %2 Köpfe aus Paaren aufteilen</translation>
    </message>
    <message>
        <source>dim %1 has size %2, more than %3 (use slice to cut)</source>
        <translation>Dimension %1 hat die Größe %2, mehr als %3 (zum Kürzen slice verwenden)</translation>
    </message>
    <message>
        <source>cannot pad a %1 tensor with %2</source>
        <translation>ein %1-Tensor kann nicht mit %2 aufgefüllt werden</translation>
    </message>
    <message>
        <source>no such key</source>
        <translation>kein solcher Schlüssel</translation>
    </message>
    <message>
        <source>dim %1 of size %2 does not divide into %3 equal parts</source>
        <translation>Dimension %1 der Größe %2 lässt sich nicht in %3 gleiche Teile teilen</translation>
    </message>
    <message>
        <source>sizes add up to %1, but dim %2 has size %3</source>
        <translation>die Größen ergeben zusammen %1, aber Dimension %2 hat die Größe %3</translation>
    </message>
    <message>
        <source>&quot;into&quot; names a key twice</source>
        <translation>&quot;into&quot; nennt einen Schlüssel doppelt</translation>
    </message>
    <message>
        <source>dim %1 is empty</source>
        <translation>Dimension %1 ist leer</translation>
    </message>
    <message>
        <source>is %1, but &apos;%2&apos; is %3</source>
        <translation>ist %1, aber &apos;%2&apos; ist %3</translation>
    </message>
    <message>
        <source>has shape %1, which does not fit &apos;%2&apos; of shape %3</source>
        <translation>hat die Form %1, die nicht zu &apos;%2&apos; mit der Form %3 passt</translation>
    </message>
    <message>
        <source>is listed twice</source>
        <translation>ist doppelt aufgeführt</translation>
    </message>
    <message>
        <source>group i is &apos;%1&apos;, not a number</source>
        <translation>Gruppe i ist &apos;%1&apos;, keine Zahl</translation>
    </message>
    <message>
        <source>number %1 is also &apos;%2&apos;</source>
        <translation>Nummer %1 ist auch &apos;%2&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; would be renamed to an empty key</source>
        <translation>&apos;%1&apos; würde in einen leeren Schlüssel umbenannt</translation>
    </message>
    <message>
        <source>&apos;%1&apos; and &apos;%2&apos; would both become &apos;%3&apos;</source>
        <translation>&apos;%1&apos; und &apos;%2&apos; würden beide zu &apos;%3&apos;</translation>
    </message>
</context>
<context>
    <name>sl::CompareModel</name>
    <message>
        <source>same</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>dtype changed</source>
        <translation>dtype geändert</translation>
    </message>
    <message>
        <source>shape changed</source>
        <translation>Form geändert</translation>
    </message>
    <message>
        <source>renamed</source>
        <translation>umbenannt</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>nur in A</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>nur in B</translation>
    </message>
    <message>
        <source>comparing…</source>
        <translation>wird verglichen…</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Key in B</source>
        <translation>Schlüssel in B</translation>
    </message>
    <message>
        <source>Shape A</source>
        <translation>Form A</translation>
    </message>
    <message>
        <source>Shape B</source>
        <translation>Form B</translation>
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
        <translation>max |a−b|</translation>
    </message>
    <message>
        <source>mean |a−b|</source>
        <translation>Mittel |a−b|</translation>
    </message>
    <message>
        <source>rel L2</source>
        <translation>rel. L2</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>mismatched</source>
        <translation>abweichend</translation>
    </message>
</context>
<context>
    <name>sl::CompareWindow</name>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>rel L2 of each module, in file order; click a bar to select the module</source>
        <translation>Relatives L2 jedes Moduls in Dateireihenfolge; ein Klick auf einen Balken wählt das Modul aus</translation>
    </message>
    <message>
        <source>The selected pair: a (blue) and b (orange) on the same bins</source>
        <translation>Das gewählte Paar: a (blau) und b (orange) in denselben Klassen</translation>
    </message>
    <message>
        <source>The selected pair: histogram of a − b</source>
        <translation>Das gewählte Paar: Histogramm von a − b</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON exportieren…</translation>
    </message>
    <message>
        <source>A: %1    B: %2</source>
        <translation>A: %1    B: %2</translation>
    </message>
    <message>
        <source>Comparison failed: %1</source>
        <translation>Vergleich fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>(cancelled)</source>
        <translation>(abgebrochen)</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Only differences</source>
        <translation>Nur Unterschiede</translation>
    </message>
    <message>
        <source>Filter keys</source>
        <translation>Schlüssel filtern</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Compare %1 with %2</source>
        <translation>%1 mit %2 vergleichen</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Export Comparison as JSON</source>
        <translation>Vergleich als JSON exportieren</translation>
    </message>
    <message>
        <source>Export Comparison as CSV</source>
        <translation>Vergleich als CSV exportieren</translation>
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
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>sl::DetailsPane</name>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>Shape:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <source>DType:</source>
        <translation>DType:</translation>
    </message>
    <message>
        <source>Stride:</source>
        <translation>Stride:</translation>
    </message>
    <message>
        <source>Storage:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Shares storage with:</source>
        <translation>Teilt Speicher mit:</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>std</source>
        <translation>Std.-Abw.</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>Nullen</translation>
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
        <translation>Klassen:</translation>
    </message>
    <message>
        <source>Number of histogram bins</source>
        <translation>Anzahl der Histogrammklassen</translation>
    </message>
    <message>
        <source>Log counts</source>
        <translation>Anzahl logarithmisch</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop computing statistics for this tensor</source>
        <translation>Berechnung der Statistik für diesen Tensor abbrechen</translation>
    </message>
    <message>
        <source>Cancelled. Change the bin count or select the tensor again to recompute.</source>
        <translation>Abgebrochen. Ändern Sie die Klassenanzahl oder wählen Sie den Tensor erneut aus, um neu zu berechnen.</translation>
    </message>
    <message>
        <source>%1 (dropped)</source>
        <translation>%1 (verworfen)</translation>
    </message>
    <message>
        <source>%1 — dropped; saved as %2</source>
        <translation>%1 — verworfen; gespeichert als %2</translation>
    </message>
    <message>
        <source>%1 — saved as %2</source>
        <translation>%1 — gespeichert als %2</translation>
    </message>
    <message>
        <source>Select a tensor to see its details and histogram.</source>
        <translation>Wählen Sie einen Tensor aus, um Details und Histogramm zu sehen.</translation>
    </message>
    <message>
        <source>No checkpoint open.</source>
        <translation>Kein Checkpoint geöffnet.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, offset %2 (%3 storage bytes)</source>
        <translation>%1, Offset %2 (%3 Bytes Speicher)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>%1 (%2 elements)</source>
        <translation>%1 (%2 Elemente)</translation>
    </message>
    <message>
        <source>no other key</source>
        <translation>kein anderer Schlüssel</translation>
    </message>
    <message>
        <source>Module %1</source>
        <translation>Modul %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n tensor(s))</source>
        <translation>
            <numerusform>%1 (%n Tensor)</numerusform>
            <numerusform>%1 (%n Tensoren)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 parameters)</source>
        <translation>%1 (%2 Parameter)</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (fehlt)</translation>
    </message>
    <message>
        <source>Values of %1 tensors cannot be previewed.</source>
        <translation>Werte von %1-Tensoren können nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>Statistics unavailable: %1</source>
        <translation>Statistik nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>not in the state dict</source>
        <translation>nicht im State-Dict</translation>
    </message>
    <message>
        <source>%1 (derived)</source>
        <translation>%1 (abgeleitet)</translation>
    </message>
    <message>
        <source>%1 — derived: %2</source>
        <translation>%1 — abgeleitet: %2</translation>
    </message>
    <message>
        <source>computed when read, from %1</source>
        <translation>beim Lesen berechnet, aus %1</translation>
    </message>
    <message>
        <source>Values of this tensor cannot be previewed.</source>
        <translation>Die Werte dieses Tensors können nicht angezeigt werden.</translation>
    </message>
</context>
<context>
    <name>sl::EditActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>Rename the selected key; renaming a module renames its whole subtree (F2)</source>
        <translation>Ausgewählten Schlüssel umbenennen; das Umbenennen eines Moduls benennt seinen ganzen Teilbaum um (F2)</translation>
    </message>
    <message>
        <source>&amp;Drop Keys</source>
        <translation>Schlüssel &amp;verwerfen</translation>
    </message>
    <message>
        <source>Leave the selected keys or modules out of the export and test-load (Delete)</source>
        <translation>Ausgewählte Schlüssel oder Module beim Exportieren und Probeladen auslassen (Entf)</translation>
    </message>
    <message>
        <source>Strip Common Prefix</source>
        <translation>Gemeinsames Präfix entfernen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Strip Prefix…</source>
        <translation>Präfix ent&amp;fernen…</translation>
    </message>
    <message>
        <source>&amp;Add Prefix…</source>
        <translation>Präfix &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Find and Replace…</source>
        <translation>Suchen und &amp;ersetzen…</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>Show Dropped Keys</source>
        <translation>Verworfene Schlüssel anzeigen</translation>
    </message>
    <message>
        <source>Show dropped keys greyed out instead of hiding them</source>
        <translation>Verworfene Schlüssel ausgegraut anzeigen statt sie auszublenden</translation>
    </message>
    <message>
        <source>Copy as &amp;Python</source>
        <translation>Als &amp;Python kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Copy the mapping as mmengine revise_keys, transformers key_mapping and a dict comprehension</source>
        <translation>Die Zuordnung als mmengine-revise_keys, transformers-key_mapping und Dict-Comprehension kopieren</translation>
    </message>
    <message>
        <source>&amp;Load Recipe…</source>
        <translation>Rezept &amp;laden…</translation>
    </message>
    <message>
        <source>Load Recipe</source>
        <translation>Rezept laden</translation>
    </message>
    <message>
        <source>StateLens recipes (*.json);;All files (*)</source>
        <translation>StateLens-Rezepte (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Sa&amp;ve Recipe…</source>
        <translation>Rezept &amp;speichern…</translation>
    </message>
    <message>
        <source>Save Recipe</source>
        <translation>Rezept speichern</translation>
    </message>
    <message>
        <source>StateLens recipes (*.json)</source>
        <translation>StateLens-Rezepte (*.json)</translation>
    </message>
    <message>
        <source>&lt;original keys&gt;</source>
        <translation>&lt;ursprüngliche Schlüssel&gt;</translation>
    </message>
    <message>
        <source>Strip Common Prefix &apos;%1&apos;</source>
        <translation>Gemeinsames Präfix &apos;%1&apos; entfernen</translation>
    </message>
    <message>
        <source>No known wrapper prefix (module., _orig_mod., model., backbone.) is shared by every key</source>
        <translation>Kein bekanntes Wrapper-Präfix (module., _orig_mod., model., backbone.) ist allen Schlüsseln gemeinsam</translation>
    </message>
    <message>
        <source>Remove &apos;%1&apos; from every key (Ctrl+Shift+P)</source>
        <translation>&apos;%1&apos; aus allen Schlüsseln entfernen (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>Edit Refused</source>
        <translation>Bearbeitung abgelehnt</translation>
    </message>
    <message>
        <source>drop &apos;%1&apos;</source>
        <translation>&apos;%1&apos; verwerfen</translation>
    </message>
    <message numerus="yes">
        <source>drop %n keys or modules</source>
        <translation>
            <numerusform>%n Schlüssel oder Modul verwerfen</numerusform>
            <numerusform>%n Schlüssel oder Module verwerfen</numerusform>
        </translation>
    </message>
    <message>
        <source>every key</source>
        <translation>alle Schlüssel</translation>
    </message>
    <message>
        <source>keys under %1</source>
        <translation>Schlüssel unter %1</translation>
    </message>
    <message>
        <source>Strip Prefix</source>
        <translation>Präfix entfernen</translation>
    </message>
    <message>
        <source>Add Prefix</source>
        <translation>Präfix hinzufügen</translation>
    </message>
    <message>
        <source>Prefix to remove from %1:</source>
        <translation>Zu entfernendes Präfix (%1):</translation>
    </message>
    <message>
        <source>Prefix to add to %1:</source>
        <translation>Hinzuzufügendes Präfix (%1):</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>load recipe %1</source>
        <translation>Rezept %1 laden</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Strip &amp;Wrappers</source>
        <translation>&amp;Wrapper entfernen</translation>
    </message>
    <message>
        <source>No wrapper components (module., _orig_mod., _fsdp_wrapped_module., …) in the keys</source>
        <translation>Keine Wrapper-Komponenten (module., _orig_mod., _fsdp_wrapped_module., …) in den Schlüsseln</translation>
    </message>
    <message>
        <source>Remove %1 wherever they stand in the keys</source>
        <translation>%1 überall in den Schlüsseln entfernen</translation>
    </message>
    <message>
        <source>&amp;Transform…</source>
        <translation>&amp;Transformieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+X</source>
        <translation>Ctrl+Shift+X</translation>
    </message>
    <message>
        <source>Transpose, reshape, split, concatenate, stack, slice, pad or cast tensors, with a preview of every shape and dtype (Ctrl+Shift+X)</source>
        <translation>Tensoren transponieren, umformen, aufteilen, verketten, stapeln, zuschneiden, auffüllen oder umwandeln, mit einer Vorschau jeder Form und jedes dtype (Ctrl+Shift+X)</translation>
    </message>
</context>
<context>
    <name>sl::ExportDialog</name>
    <message>
        <source>Export Checkpoint</source>
        <translation>Checkpoint exportieren</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>PyTorch (.pth, zip) — keeps everything else in the file</source>
        <translation>PyTorch (.pth, zip) — behält alles andere in der Datei bei</translation>
    </message>
    <message>
        <source>safetensors — tensors only, each stored contiguously</source>
        <translation>safetensors — nur Tensoren, jeder zusammenhängend gespeichert</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <source>Keep dtypes</source>
        <translation>dtypes beibehalten</translation>
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
        <translation>Nur float32-Tensoren des State-Dicts werden umgewandelt</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>&amp;Genauigkeit:</translation>
    </message>
    <message>
        <source>%1 keys written: %2 renamed, %3 dropped.</source>
        <translation>%1 Schlüssel geschrieben: %2 umbenannt, %3 verworfen.</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Written and verified: %1</source>
        <translation>Geschrieben und geprüft: %1</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>PyTorch checkpoint (*.pth *.pt *.ckpt *.bin);;safetensors (*.safetensors)</source>
        <translation>PyTorch-Checkpoint (*.pth *.pt *.ckpt *.bin);;safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>Wählen Sie eine Zieldatei für den Export.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>&amp;Weights-only: a copy that torch.load(weights_only=True) reads</source>
        <translation>Nur &amp;Gewichte: eine Kopie, die torch.load(weights_only=True) liest</translation>
    </message>
    <message>
        <source>Hyper-parameter namespaces, numpy values and version strings become plain values; other foreign objects are dropped. Nothing from the file is run.</source>
        <translation>Hyperparameter-Namespaces, numpy-Werte und Versionszeichenketten werden zu einfachen Werten; andere fremde Objekte werden entfernt. Aus der Datei wird nichts ausgeführt.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>sl::Fields</name>
    <message>
        <source>a non-empty string</source>
        <translation>eine nicht leere Zeichenkette</translation>
    </message>
    <message>
        <source>a list of keys</source>
        <translation>eine Liste von Schlüsseln</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <source>a list of integers</source>
        <translation>eine Liste ganzer Zahlen</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>invalid regular expression /%1/: %2</source>
        <translation>ungültiger regulärer Ausdruck /%1/: %2</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be %2</source>
        <translation>Feld &quot;%1&quot; muss %2 sein</translation>
    </message>
</context>
<context>
    <name>sl::HistogramPlot</name>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>rel L2</source>
        <translation>rel. L2</translation>
    </message>
</context>
<context>
    <name>sl::KeyEditSession</name>
    <message>
        <source>No checkpoint is open.</source>
        <translation>Es ist kein Checkpoint geöffnet.</translation>
    </message>
</context>
<context>
    <name>sl::KeyFilterProxy</name>
    <message>
        <source>%1 at offset %2</source>
        <translation>%1 bei Offset %2</translation>
    </message>
</context>
<context>
    <name>sl::KeyTreePane</name>
    <message>
        <source>Filter keys (Ctrl+F)</source>
        <translation>Schlüssel filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Show keys containing this text, or matching this regular expression</source>
        <translation>Schlüssel anzeigen, die diesen Text enthalten oder auf diesen regulären Ausdruck passen</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <source>Treat the filter as a regular expression</source>
        <translation>Filter als regulären Ausdruck behandeln</translation>
    </message>
    <message>
        <source>Flat list</source>
        <translation>Flache Liste</translation>
    </message>
    <message>
        <source>Show full keys in one list instead of a module tree (Ctrl+L)</source>
        <translation>Vollständige Schlüssel in einer Liste statt als Modulbaum anzeigen (Strg+L)</translation>
    </message>
    <message>
        <source>Only problems</source>
        <translation>Nur Probleme</translation>
    </message>
    <message>
        <source>Show only keys the last test-load found missing, unexpected or mismatched</source>
        <translation>Nur Schlüssel anzeigen, die beim letzten Probeladen fehlten, unerwartet waren oder nicht passten</translation>
    </message>
    <message>
        <source>This is not a valid regular expression</source>
        <translation>Dies ist kein gültiger regulärer Ausdruck</translation>
    </message>
</context>
<context>
    <name>sl::MainWindow</name>
    <message>
        <source>State Dict</source>
        <translation>State-Dict</translation>
    </message>
    <message>
        <source>Checkpoint Structure</source>
        <translation>Checkpoint-Struktur</translation>
    </message>
    <message>
        <source>Open a checkpoint with File ▸ Open or drop one here.</source>
        <translation>Öffnen Sie einen Checkpoint über Datei ▸ Öffnen oder ziehen Sie ihn hierher.</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) renamed, %1 dropped</source>
        <translation>
            <numerusform>%n Schlüssel umbenannt, %1 verworfen</numerusform>
            <numerusform>%n Schlüssel umbenannt, %1 verworfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit History</source>
        <translation>Bearbeitungsverlauf</translation>
    </message>
    <message>
        <source>Test-load</source>
        <translation>Probeladen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a checkpoint (Ctrl+O)</source>
        <translation>Einen Checkpoint öffnen (Strg+O)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Write the checkpoint with the edited keys (Ctrl+Shift+S)</source>
        <translation>Den Checkpoint mit den bearbeiteten Schlüsseln schreiben (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Flat List</source>
        <translation>&amp;Flache Liste</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Switch between the module tree and a flat list of keys (Ctrl+L)</source>
        <translation>Zwischen Modulbaum und flacher Schlüsselliste wechseln (Strg+L)</translation>
    </message>
    <message>
        <source>&amp;Filter Keys</source>
        <translation>Schlüssel f&amp;iltern</translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation>Alle &amp;ausklappen</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Collapse All</source>
        <translation>Alle &amp;einklappen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;State Dict</source>
        <translation>State-&amp;Dict</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Checkpoint &amp;Structure</source>
        <translation>Checkpoint-&amp;Struktur</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>Edit &amp;History</source>
        <translation>Bearbeitungs&amp;verlauf</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <source>&amp;Test-load</source>
        <translation>&amp;Probeladen</translation>
    </message>
    <message>
        <source>&amp;Run Test-load</source>
        <translation>Probeladen &amp;ausführen</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;Cancel Test-load</source>
        <translation>Probeladen abb&amp;rechen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>Test-load &amp;Panel</source>
        <translation>Probeladen-&amp;Bereich</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About StateLens</source>
        <translation>Ü&amp;ber StateLens</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>Open Checkpoint</source>
        <translation>Checkpoint öffnen</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json *.tar);;All files (*)</source>
        <translation>PyTorch-Checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json *.tar);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot Open Checkpoint</source>
        <translation>Checkpoint kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n tensor(s)</source>
        <translation>
            <numerusform>%n Tensor</numerusform>
            <numerusform>%n Tensoren</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 Parameter</translation>
    </message>
    <message>
        <source>Opened in %1 ms</source>
        <translation>In %1 ms geöffnet</translation>
    </message>
    <message>
        <source>&amp;Compare With…</source>
        <translation>&amp;Vergleichen mit…</translation>
    </message>
    <message>
        <source>Compare the open checkpoint, with its edits, against another file (or drop that file here holding Ctrl)</source>
        <translation>Den geöffneten Checkpoint samt Bearbeitungen mit einer anderen Datei vergleichen (oder diese Datei mit gedrückter Strg-Taste hierher ziehen)</translation>
    </message>
    <message>
        <source>Compare With</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <source>Checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json);;All files (*)</source>
        <translation>Checkpoints (*.pth *.pt *.ckpt *.bin *.safetensors *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>T&amp;ools</source>
        <translation>E&amp;xtras</translation>
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
            <numerusform>%n Schlüssel mit %1 Parametern verworfen</numerusform>
            <numerusform>%n Schlüssel mit %1 Parametern verworfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved Key Edits</source>
        <translation>Ungespeicherte Schlüsseländerungen</translation>
    </message>
    <message>
        <source>The key edits to %1 are not exported or saved as a recipe.</source>
        <translation>Die Schlüsseländerungen an %1 sind weder exportiert noch als Rezept gespeichert.</translation>
    </message>
    <message>
        <source>Save exports the edited checkpoint; Save Recipe keeps only the rules.</source>
        <translation>„Speichern“ exportiert den bearbeiteten Checkpoint; „Rezept speichern“ behält nur die Regeln.</translation>
    </message>
    <message>
        <source>Save &amp;Recipe…</source>
        <translation>&amp;Rezept speichern…</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) renamed, %1 dropped, %2 derived from %3 transformed</source>
        <translation>
            <numerusform>%n Schlüssel umbenannt, %1 entfernt, %2 abgeleitet aus %3 transformierten</numerusform>
            <numerusform>%n Schlüssel umbenannt, %1 entfernt, %2 abgeleitet aus %3 transformierten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sl::ObjectTreeModel</name>
    <message>
        <source>(top level)</source>
        <translation>(oberste Ebene)</translation>
    </message>
    <message>
        <source>&lt;cycle&gt;</source>
        <translation>&lt;Zyklus&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n Schlüssel</numerusform>
            <numerusform>%n Schlüssel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Element</numerusform>
            <numerusform>%n Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>This container holds itself; it is shown once, higher up.</source>
        <translation>Dieser Container enthält sich selbst; er wird nur einmal weiter oben angezeigt.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>sl::OpContext</name>
    <message>
        <source>%1 &apos;%2&apos;: %3</source>
        <translation>%1 &apos;%2&apos;: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>has no dense data to transform (quantized, sparse or meta)</source>
        <translation>hat keine dichten Daten zum Transformieren (quantisiert, dünn besetzt oder meta)</translation>
    </message>
    <message>
        <source>dim %1 is out of range for shape %2</source>
        <translation>Dimension %1 liegt außerhalb des Bereichs für die Form %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; already exists</source>
        <translation>&apos;%1&apos; existiert bereits</translation>
    </message>
</context>
<context>
    <name>sl::RegexDialog</name>
    <message>
        <source>Find and Replace in Keys</source>
        <translation>In Schlüsseln suchen und ersetzen</translation>
    </message>
    <message>
        <source>e.g. ^backbone\.(\w+)\.gamma$</source>
        <translation>z. B. ^backbone\.(\w+)\.gamma$</translation>
    </message>
    <message>
        <source>e.g. encoder.\1.weight</source>
        <translation>z. B. encoder.\1.weight</translation>
    </message>
    <message>
        <source>&amp;Pattern:</source>
        <translation>&amp;Muster:</translation>
    </message>
    <message>
        <source>&amp;Replace with:</source>
        <translation>&amp;Ersetzen durch:</translation>
    </message>
    <message>
        <source>Python re.sub semantics: \1 or \g&lt;name&gt; insert groups; every match in a key is replaced.</source>
        <translation>Semantik von Python re.sub: \1 oder \g&lt;name&gt; fügen Gruppen ein; jeder Treffer in einem Schlüssel wird ersetzt.</translation>
    </message>
    <message>
        <source>Current key</source>
        <translation>Aktueller Schlüssel</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>Neuer Schlüssel</translation>
    </message>
    <message>
        <source>Type a pattern to preview the new names.</source>
        <translation>Geben Sie ein Muster ein, um eine Vorschau der neuen Namen zu sehen.</translation>
    </message>
    <message>
        <source>Another key already has this name</source>
        <translation>Ein anderer Schlüssel hat bereits diesen Namen</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) would collide with another key; change the pattern.</source>
        <translation>
            <numerusform>%n Schlüssel würde mit einem anderen Schlüssel kollidieren; ändern Sie das Muster.</numerusform>
            <numerusform>%n Schlüssel würden mit anderen Schlüsseln kollidieren; ändern Sie das Muster.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) will be renamed.</source>
        <translation>
            <numerusform>%n Schlüssel wird umbenannt.</numerusform>
            <numerusform>%n Schlüssel werden umbenannt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sl::SafetyBanner</name>
    <message>
        <source>Hide this notice</source>
        <translation>Diesen Hinweis ausblenden</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weiteres</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>This file references %1; StateLens never runs code from a checkpoint.</source>
        <translation>Diese Datei verweist auf %1; StateLens führt niemals Code aus einem Checkpoint aus.</translation>
    </message>
    <message>
        <source>Save Weights-Only Copy…</source>
        <translation>Kopie nur mit Gewichten speichern…</translation>
    </message>
    <message>
        <source>Write a copy that torch.load(weights_only=True) reads: foreign objects are converted or dropped</source>
        <translation>Eine Kopie schreiben, die torch.load(weights_only=True) liest: fremde Objekte werden umgewandelt oder entfernt</translation>
    </message>
    <message>
        <source>torch.load in PyTorch 2.6 and later would refuse this file: it names %1.</source>
        <translation>torch.load in PyTorch 2.6 und neuer würde diese Datei ablehnen: sie nennt %1.</translation>
    </message>
</context>
<context>
    <name>sl::ScanController</name>
    <message>
        <source>&amp;Scan All Tensors</source>
        <translation>Alle Tensoren &amp;prüfen</translation>
    </message>
    <message>
        <source>Fill the statistics columns of every tensor and mark NaN and Inf</source>
        <translation>Die Statistikspalten aller Tensoren füllen und NaN und Inf markieren</translation>
    </message>
    <message>
        <source>&amp;Next Problem</source>
        <translation>&amp;Nächstes Problem</translation>
    </message>
    <message>
        <source>Select the next row with NaN or Inf (F8)</source>
        <translation>Die nächste Zeile mit NaN oder Inf auswählen (F8)</translation>
    </message>
    <message>
        <source>Scanning every tensor…</source>
        <translation>Alle Tensoren werden geprüft …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Scan All Tensors</source>
        <translation>Alle Tensoren prüfen</translation>
    </message>
</context>
<context>
    <name>sl::StateDictModel</name>
    <message>
        <source>%1 (missing: the target expects it, the checkpoint has no such key)</source>
        <translation>%1 (fehlt: das Ziel erwartet ihn, der Checkpoint hat keinen solchen Schlüssel)</translation>
    </message>
    <message>
        <source>%1 (dropped: left out of export and test-load)</source>
        <translation>%1 (verworfen: wird beim Exportieren und Probeladen ausgelassen)</translation>
    </message>
    <message>
        <source>%1
saved as: %2</source>
        <translation>%1
gespeichert als: %2</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>DType</source>
        <translation>DType</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>The target has no parameter or buffer named %1</source>
        <translation>Das Ziel hat keinen Parameter oder Puffer namens %1</translation>
    </message>
    <message>
        <source>checkpoint %1, model %2</source>
        <translation>Checkpoint %1, Modell %2</translation>
    </message>
    <message>
        <source>cast from %1 to %2</source>
        <translation>umgewandelt von %1 nach %2</translation>
    </message>
    <message>
        <source>loaded as saved</source>
        <translation>wie gespeichert geladen</translation>
    </message>
    <message>
        <source>The target expects %1 %2; the checkpoint has no such key</source>
        <translation>Das Ziel erwartet %1 %2; der Checkpoint hat keinen solchen Schlüssel</translation>
    </message>
    <message>
        <source>The target expects %1 %2 %3; the checkpoint has no such key</source>
        <translation>Das Ziel erwartet %1 %2 %3; der Checkpoint hat keinen solchen Schlüssel</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>geladen</translation>
    </message>
    <message>
        <source>unexpected</source>
        <translation>unerwartet</translation>
    </message>
    <message>
        <source>mismatched</source>
        <translation>abweichend</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>transformed</source>
        <translation>transformiert</translation>
    </message>
    <message>
        <source>%1 (transformed: a derived key replaces it in export and test-load)</source>
        <translation>%1 (transformiert: ein abgeleiteter Schlüssel ersetzt ihn bei Export und Probeladen)</translation>
    </message>
    <message>
        <source>%1
derived: %2</source>
        <translation>%1
abgeleitet: %2</translation>
    </message>
</context>
<context>
    <name>sl::StructurePane</name>
    <message>
        <source>Use as State Dict</source>
        <translation>Als State-Dict verwenden</translation>
    </message>
    <message>
        <source>Browse the selected dict or module as the state dict</source>
        <translation>Das ausgewählte Dict oder Modul als State-Dict anzeigen</translation>
    </message>
    <message>
        <source>State dict: %1</source>
        <translation>State-Dict: %1</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>(oberste Ebene)</translation>
    </message>
</context>
<context>
    <name>sl::TensorOp</name>
    <message>
        <source>transpose /%1/ dims %2</source>
        <translation>/%1/ transponieren, Dimensionen %2</translation>
    </message>
    <message>
        <source>reshape /%1/ to (%2)</source>
        <translation>/%1/ umformen zu (%2)</translation>
    </message>
    <message>
        <source>split &apos;%1&apos; along dim %2 into %3</source>
        <translation>&apos;%1&apos; entlang Dimension %2 aufteilen in %3</translation>
    </message>
    <message>
        <source>concat %1 along dim %2 into &apos;%3&apos;</source>
        <translation>%1 entlang Dimension %2 verketten zu &apos;%3&apos;</translation>
    </message>
    <message>
        <source>permute rotary /%1/ (%2 heads, Meta to HF)</source>
        <translation>Rotary-Permutation /%1/ (%2 Köpfe, Meta nach HF)</translation>
    </message>
    <message>
        <source>permute rotary /%1/ (%2 heads, HF to Meta)</source>
        <translation>Rotary-Permutation /%1/ (%2 Köpfe, HF nach Meta)</translation>
    </message>
    <message>
        <source>stack /%1/ along dim %2 into &apos;%3&apos;</source>
        <translation>/%1/ entlang Dimension %2 stapeln zu &apos;%3&apos;</translation>
    </message>
    <message>
        <source>unstack &apos;%1&apos; along dim %2 into &apos;%3&apos;</source>
        <translation>&apos;%1&apos; entlang Dimension %2 entstapeln in &apos;%3&apos;</translation>
    </message>
    <message>
        <source>slice /%1/ dim %2 [%3:%4:%5]</source>
        <translation>/%1/ zuschneiden, Dimension %2 [%3:%4:%5]</translation>
    </message>
    <message>
        <source>pad /%1/ dim %2 to %3 with %4</source>
        <translation>/%1/ in Dimension %2 auf %3 mit %4 auffüllen</translation>
    </message>
    <message>
        <source>cast /%1/ to %2</source>
        <translation>/%1/ umwandeln in %2</translation>
    </message>
    <message>
        <source>unknown op &apos;%1&apos;</source>
        <translation>unbekannte Operation &apos;%1&apos;</translation>
    </message>
</context>
<context>
    <name>sl::TestLoadPanel</name>
    <message>
        <source>TorchScript module, reference checkpoint or JSON manifest</source>
        <translation>TorchScript-Modul, Referenz-Checkpoint oder JSON-Manifest</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>CUDA devices are offered only when LibTorch sees a GPU</source>
        <translation>CUDA-Geräte werden nur angeboten, wenn LibTorch eine GPU erkennt</translation>
    </message>
    <message>
        <source>&amp;Strict</source>
        <translation>&amp;Strikt</translation>
    </message>
    <message>
        <source>Like load_state_dict(strict=True): any missing, unexpected or mismatched key fails</source>
        <translation>Wie load_state_dict(strict=True): Jeder fehlende, unerwartete oder abweichende Schlüssel führt zum Fehlschlag</translation>
    </message>
    <message>
        <source>Input shape:</source>
        <translation>Eingabeform:</translation>
    </message>
    <message>
        <source>e.g. 1,3,224,224 (TorchScript only)</source>
        <translation>z. B. 1,3,224,224 (nur TorchScript)</translation>
    </message>
    <message>
        <source>Run one forward pass on random input of this shape after loading</source>
        <translation>Nach dem Laden einen Forward-Pass mit zufälliger Eingabe dieser Form ausführen</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>&amp;Run Test-load</source>
        <translation>Probeladen &amp;ausführen</translation>
    </message>
    <message>
        <source>Load the edited state dict into the target (Ctrl+T)</source>
        <translation>Das bearbeitete State-Dict in das Ziel laden (Strg+T)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Choose a target and press Run.</source>
        <translation>Wählen Sie ein Ziel und klicken Sie auf „Ausführen“.</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Suggested fixes:</source>
        <translation>Vorgeschlagene Korrekturen:</translation>
    </message>
    <message>
        <source>&amp;Apply and Run Again</source>
        <translation>Anwenden und &amp;erneut ausführen</translation>
    </message>
    <message>
        <source>Test-load cancelled.</source>
        <translation>Probeladen abgebrochen.</translation>
    </message>
    <message>
        <source>The keys changed since the last test-load; run it again.</source>
        <translation>Die Schlüssel haben sich seit dem letzten Probeladen geändert; führen Sie es erneut aus.</translation>
    </message>
    <message>
        <source>Choose Target Architecture</source>
        <translation>Zielarchitektur auswählen</translation>
    </message>
    <message>
        <source>Targets (*.pt *.pth *.ckpt *.bin *.safetensors *.json);;All files (*)</source>
        <translation>Ziele (*.pt *.pth *.ckpt *.bin *.safetensors *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>Öffnen Sie zuerst einen Checkpoint.</translation>
    </message>
    <message>
        <source>Choose a target: a TorchScript module, a reference checkpoint or a JSON manifest.</source>
        <translation>Wählen Sie ein Ziel: ein TorchScript-Modul, einen Referenz-Checkpoint oder ein JSON-Manifest.</translation>
    </message>
    <message>
        <source>The input shape must be positive integers separated by commas, e.g. 1,3,224,224.</source>
        <translation>Die Eingabeform muss aus positiven, durch Kommas getrennten ganzen Zahlen bestehen, z. B. 1,3,224,224.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b00020&apos;&gt;Does not load&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#b00020&apos;&gt;Lädt nicht&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#2b8a3e&apos;&gt;Loads cleanly&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#2b8a3e&apos;&gt;Lädt fehlerfrei&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#a06000&apos;&gt;Loads with problems&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#a06000&apos;&gt;Lädt mit Problemen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1 (%2, %3): %4 loaded, %5 missing, %6 unexpected, %7 mismatched, %8 cast; %9 moved in %10 s.</source>
        <translation>%1 (%2, %3): %4 geladen, %5 fehlend, %6 unerwartet, %7 abweichend, %8 umgewandelt; %9 in %10 s übertragen.</translation>
    </message>
    <message>
        <source>strict</source>
        <translation>strikt</translation>
    </message>
    <message>
        <source>non-strict</source>
        <translation>nicht strikt</translation>
    </message>
    <message>
        <source>Forward pass: output %1.</source>
        <translation>Forward-Pass: Ausgabe %1.</translation>
    </message>
    <message>
        <source>Forward pass failed: %1</source>
        <translation>Forward-Pass fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Missing (%1)</source>
        <translation>Fehlend (%1)</translation>
    </message>
    <message>
        <source>Unexpected (%1)</source>
        <translation>Unerwartet (%1)</translation>
    </message>
    <message>
        <source>present</source>
        <translation>vorhanden</translation>
    </message>
    <message>
        <source>Shape mismatch (%1)</source>
        <translation>Formabweichung (%1)</translation>
    </message>
    <message>
        <source>DType cast (%1)</source>
        <translation>DType-Umwandlung (%1)</translation>
    </message>
    <message>
        <source>Nothing to fix.</source>
        <translation>Nichts zu korrigieren.</translation>
    </message>
    <message>
        <source>No automatic fix found.</source>
        <translation>Keine automatische Korrektur gefunden.</translation>
    </message>
    <message>
        <source>Forward pass not run: the strict load failed, as load_state_dict(strict=True) raises.</source>
        <translation>Forward-Pass nicht ausgeführt: Das strikte Laden ist fehlgeschlagen, wie load_state_dict(strict=True) einen Fehler auslöst.</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>nicht vorhanden</translation>
    </message>
    <message>
        <source>Strip Wrappers and Run Again</source>
        <translation>Wrapper entfernen und erneut ausführen</translation>
    </message>
    <message>
        <source>Strip Wrappers (%1) and Run Again</source>
        <translation>Wrapper entfernen (%1) und erneut ausführen</translation>
    </message>
    <message>
        <source>The keys differ from the target&apos;s by wrapper components; remove them (one undo step)</source>
        <translation>Die Schlüssel unterscheiden sich von denen des Ziels durch Wrapper-Komponenten; diese entfernen (ein Rückgängig-Schritt)</translation>
    </message>
</context>
<context>
    <name>sl::TransformDialog</name>
    <message>
        <source>Transform Tensors</source>
        <translation>Tensoren transformieren</translation>
    </message>
    <message>
        <source>The keys this rule applies to, as the current rules name them</source>
        <translation>Die Schlüssel, auf die diese Regel wirkt, so benannt wie nach den aktuellen Regeln</translation>
    </message>
    <message>
        <source>Key before</source>
        <translation>Schlüssel vorher</translation>
    </message>
    <message>
        <source>Shape before</source>
        <translation>Form vorher</translation>
    </message>
    <message>
        <source>DType before</source>
        <translation>DType vorher</translation>
    </message>
    <message>
        <source>Key after</source>
        <translation>Schlüssel nachher</translation>
    </message>
    <message>
        <source>Shape after</source>
        <translation>Form nachher</translation>
    </message>
    <message>
        <source>DType after</source>
        <translation>DType nachher</translation>
    </message>
    <message>
        <source>a regex matching whole keys, e.g. h\.\d+\.attn\.c_attn\.weight</source>
        <translation>ein regulärer Ausdruck für ganze Schlüssel, z. B. h\.\d+\.attn\.c_attn\.weight</translation>
    </message>
    <message>
        <source>keys separated by commas, in order</source>
        <translation>Schlüssel durch Kommas getrennt, in Reihenfolge</translation>
    </message>
    <message>
        <source>e.g. 3, -1, 64 (one -1 allowed)</source>
        <translation>z. B. 3, -1, 64 (eine -1 erlaubt)</translation>
    </message>
    <message>
        <source>optional: equal parts when empty</source>
        <translation>optional: gleiche Teile, wenn leer</translation>
    </message>
    <message>
        <source>Meta to Hugging Face</source>
        <translation>Meta nach Hugging Face</translation>
    </message>
    <message>
        <source>Hugging Face to Meta</source>
        <translation>Hugging Face nach Meta</translation>
    </message>
    <message>
        <source>Transpose</source>
        <translation>Transponieren</translation>
    </message>
    <message>
        <source>Reshape</source>
        <translation>Umformen</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Aufteilen</translation>
    </message>
    <message>
        <source>Concatenate</source>
        <translation>Verketten</translation>
    </message>
    <message>
        <source>Permute rotary</source>
        <translation>Rotary permutieren</translation>
    </message>
    <message>
        <source>Stack</source>
        <translation>Stapeln</translation>
    </message>
    <message>
        <source>Unstack</source>
        <translation>Entstapeln</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>Zuschneiden</translation>
    </message>
    <message>
        <source>Pad</source>
        <translation>Auffüllen</translation>
    </message>
    <message>
        <source>Cast</source>
        <translation>Umwandeln</translation>
    </message>
    <message>
        <source>&amp;Operation:</source>
        <translation>&amp;Operation:</translation>
    </message>
    <message>
        <source>&amp;Match:</source>
        <translation>&amp;Muster:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Keys:</source>
        <translation>Schl&amp;üssel:</translation>
    </message>
    <message>
        <source>&amp;Into:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>D&amp;ims:</source>
        <translation>D&amp;imensionen:</translation>
    </message>
    <message>
        <source>S&amp;hape:</source>
        <translation>&amp;Form:</translation>
    </message>
    <message>
        <source>Si&amp;zes:</source>
        <translation>&amp;Größen:</translation>
    </message>
    <message>
        <source>&amp;Dim:</source>
        <translation>&amp;Dimension:</translation>
    </message>
    <message>
        <source>H&amp;eads:</source>
        <translation>&amp;Köpfe:</translation>
    </message>
    <message>
        <source>Di&amp;rection:</source>
        <translation>&amp;Richtung:</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>S&amp;tart:</translation>
    </message>
    <message>
        <source>S&amp;top:</source>
        <translation>&amp;Ende:</translation>
    </message>
    <message>
        <source>Ste&amp;p:</source>
        <translation>Schritt&amp;weite:</translation>
    </message>
    <message>
        <source>&amp;To size:</source>
        <translation>&amp;Auf Größe:</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <source>D&amp;Type:</source>
        <translation>D&amp;Type:</translation>
    </message>
    <message>
        <source>new keys separated by commas, in order</source>
        <translation>neue Schlüssel durch Kommas getrennt, in Reihenfolge</translation>
    </message>
    <message>
        <source>a name with {i}, e.g. experts.{i}.w</source>
        <translation>ein Name mit {i}, z. B. experts.{i}.w</translation>
    </message>
    <message>
        <source>the new key</source>
        <translation>der neue Schlüssel</translation>
    </message>
    <message>
        <source>Where the new dimension goes</source>
        <translation>Wo die neue Dimension eingefügt wird</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be integers separated by commas</source>
        <translation>Feld &quot;%1&quot; muss aus durch Kommas getrennten ganzen Zahlen bestehen</translation>
    </message>
    <message>
        <source>No checkpoint is open.</source>
        <translation>Es ist kein Checkpoint geöffnet.</translation>
    </message>
    <message>
        <source>Fill in the fields to preview the affected keys.</source>
        <translation>Füllen Sie die Felder aus, um die betroffenen Schlüssel in der Vorschau zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n key(s) after the rule are new or changed.</source>
        <translation>
            <numerusform>%1: %n Schlüssel ist nach der Regel neu oder geändert.</numerusform>
            <numerusform>%1: %n Schlüssel sind nach der Regel neu oder geändert.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (no such key)</source>
        <translation>%1 (kein solcher Schlüssel)</translation>
    </message>
</context>
</TS>
