using System.CommandLine;
using Matching.Loader.Sample;

namespace Matching.Loader;

/// <summary><c>Matching.Loader sample --count N --out FILE</c>: real-format questionnaires for load tests, as JSON Lines.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many questionnaires to write.", Required = true };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 10_000_000) r.AddError("--count must be between 0 and 10000000.");
        });
        var output = new Option<string>("--out") { Description = "The JSON Lines file to write (replaced).", Required = true };
        var corpus = new Option<string?>("--corpus") { Description = $"A folder of *.md, *.txt and *.qa.json questionnaires to recombine (default: {SampleQuestionnaires.DefaultCorpus} of this repository)." };
        var seed = new Option<int>("--seed") { Description = "Generator seed (the same seed gives the same file).", DefaultValueFactory = _ => 7 };

        var command = new Command("sample", "Write questionnaires in the import's JSON Lines format, recombined from a corpus of real ones " +
                                            "(markdown sections, text paragraphs and Q&A answers swapped between questionnaires of one format and language).")
        {
            count, output, corpus, seed,
        };
        command.SetAction(async (parse, _) =>
        {
            var folder = parse.GetValue(corpus) ?? SampleQuestionnaires.LocateDefaultCorpus();
            if (folder is null || !Directory.Exists(folder))
            {
                await Console.Error.WriteLineAsync(folder is null
                    ? $"{SampleQuestionnaires.DefaultCorpus} was not found above the current folder; give --corpus."
                    : $"No folder '{folder}'.");
                return 2;
            }
            try
            {
                var samples = new SampleQuestionnaires(folder, parse.GetValue(seed));
                var path = parse.GetValue(output)!;
                await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    samples.WriteJsonLines(file, parse.GetValue(count));
                Console.WriteLine($"Wrote {parse.GetValue(count):N0} questionnaires to {path}, recombined from the {samples.CorpusSize} in {folder}");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }
}
