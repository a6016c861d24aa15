using System.Diagnostics;
using System.Text.Json;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;

// Extraction throughput on one core (issue 3's bar: ≥ 2,000 typical questionnaires per second). Run on demand:
//   dotnet run -c Release --project tests/Matching.Extraction.Benchmarks -- [--seconds 10] [--corpus DIR] [--extra FILE.md ...]
// It extracts the team's corpus questionnaires (and any extra markdown files) round-robin on one thread.
var seconds = 10.0;
string? corpus = null;
var extra = new List<string>();
var show = new List<string>();
var traces = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--corpus": corpus = args[++i]; break;
        case "--extra": extra.Add(args[++i]); break;
        case "--show": show.Add(args[++i]); break;
        case "--trace": traces.Add(args[++i]); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
var root = FindRoot();
corpus ??= Path.Combine(root, "tests", "Matching.Core.Tests", "Corpus");
var taxonomy = SkillTaxonomy.LoadFile(Path.Combine(root, "db", "taxonomy.json"));

var build = Stopwatch.StartNew();
var extractor = new SkillExtractor(taxonomy);
build.Stop();

if (show.Count > 0)
{
    // Prints each profile as a recruiter reads it: the strongest skills first, with reasons and quotes.
    foreach (var file in show)
    {
        var result = extractor.Extract(Load(file), "auto");
        Console.WriteLine($"== {Path.GetFileName(file)}: {(result.Profile is { } p ? $"language {p.Language}, years of experience {p.YearsOfExperience?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not stated"}" : result.Failure!.Message)}");
        if (result.Profile is null) continue;
        foreach (var s in result.Profile.Skills.OrderByDescending(s => s.Source == Matching.Core.Profiles.SkillSource.Mentioned).ThenByDescending(s => s.Level))
            Console.WriteLine($"{s.Level,5:0.00} {s.Source,-9} {s.SkillId,-28} {s.Reason} | {string.Join(" | ", s.Evidence.Select(e => $"{e.Start}:{e.Quote.ReplaceLineEndings(" ")}"))}");
        if (result.Profile.Denied is { Count: > 0 } d) Console.WriteLine($"denied: {string.Join(", ", d)}");
        foreach (var id in traces)
            if (result.Profile.Trace.TryGetValue(id, out var steps))
                foreach (var step in steps) Console.WriteLine($"  trace {id}: {step.Stage}: {step.Fact}");
    }
    return 0;
}

var inputs = new List<Questionnaire>();
foreach (var file in Directory.GetFiles(corpus).Order(StringComparer.Ordinal))
{
    if (file.EndsWith(".labels.json", StringComparison.Ordinal)) continue;
    if (file.EndsWith(".qa.json", StringComparison.Ordinal))
        inputs.Add(new Questionnaire(QuestionnaireFormat.Qa, null,
            JsonSerializer.Deserialize<List<QaAnswer>>(File.ReadAllText(file), JsonSerializerOptions.Web)!));
    else if (file.EndsWith(".md", StringComparison.Ordinal)) inputs.Add(Questionnaire.Markdown(File.ReadAllText(file)));
    else if (file.EndsWith(".txt", StringComparison.Ordinal)) inputs.Add(Questionnaire.Text(File.ReadAllText(file)));
}
inputs.AddRange(extra.Select(f => Questionnaire.Markdown(File.ReadAllText(f))));
var chars = inputs.Sum(q => q.Length);
Console.WriteLine($"taxonomy {taxonomy.Count} skills; extractor built in {build.ElapsedMilliseconds} ms; " +
                  $"{inputs.Count} questionnaires, {chars / inputs.Count:N0} characters on average");

foreach (var q in inputs) extractor.Extract(q, "auto"); // warm-up: JIT and stem cache
var perInput = new double[inputs.Count];
var counts = new int[inputs.Count];
var total = 0;
var clock = Stopwatch.StartNew();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
while (clock.Elapsed.TotalSeconds < seconds)
{
    for (var i = 0; i < inputs.Count; i++)
    {
        var t = Stopwatch.GetTimestamp();
        extractor.Extract(inputs[i], "auto");
        perInput[i] += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        counts[i]++;
        total++;
    }
}
clock.Stop();
var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
var rate = total / clock.Elapsed.TotalSeconds;
var charsPerSecond = (double)chars * (total / (double)inputs.Count) / clock.Elapsed.TotalSeconds;
Console.WriteLine($"{total:N0} extractions in {clock.Elapsed.TotalSeconds:F1} s on one thread (CPU {cpuUsed:F1} s): " +
                  $"{rate:N0} questionnaires/s, {charsPerSecond / 1e6:F2} M characters/s");
Console.WriteLine($"per CPU second (robust when the machine is shared): {total / cpuUsed:N0} questionnaires/s");
Console.WriteLine($"at 4,000 characters per questionnaire: {charsPerSecond / 4000:N0} questionnaires/s");
var slowest = Enumerable.Range(0, inputs.Count).OrderByDescending(i => perInput[i] / counts[i]).First();
Console.WriteLine($"slowest input: {perInput[slowest] / counts[slowest]:F3} ms for {inputs[slowest].Length:N0} characters");
return 0;

static Questionnaire Load(string file) =>
    file.EndsWith(".qa.json", StringComparison.Ordinal)
        ? new Questionnaire(QuestionnaireFormat.Qa, null, JsonSerializer.Deserialize<List<QaAnswer>>(File.ReadAllText(file), JsonSerializerOptions.Web)!)
        : file.EndsWith(".md", StringComparison.Ordinal) ? Questionnaire.Markdown(File.ReadAllText(file)) : Questionnaire.Text(File.ReadAllText(file));

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Matching.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("Matching.sln not found");
}
