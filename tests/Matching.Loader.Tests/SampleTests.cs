using Matching.Core.Extraction;
using Matching.Loader.Import;
using Matching.Loader.Sample;

namespace Matching.Loader.Tests;

public sealed class SampleTests
{
    private static readonly string Corpus = SampleQuestionnaires.LocateDefaultCorpus(AppContext.BaseDirectory)!;

    private static byte[] Generate(int count, int seed)
    {
        using var stream = new MemoryStream();
        new SampleQuestionnaires(Corpus, seed).WriteJsonLines(stream, count);
        return stream.ToArray();
    }

    [Fact]
    public void Samples_are_import_records_of_every_format_recombined_from_the_corpus_and_the_same_per_seed()
    {
        var bytes = Generate(300, seed: 11);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            var records = RecordSources.ReadJsonLines(path, new ImportLimits()).ToList();
            var corpus = RecordSources.ReadFolder(Corpus, new ImportLimits()).Select(r => r.Questionnaire!).ToList();

            Assert.Equal(300, records.Count);
            Assert.All(records, r => Assert.Null(r.Failure));
            Assert.Equal(300, records.Select(r => r.ExternalId).Distinct().Count());
            Assert.Equal([QuestionnaireFormat.Markdown, QuestionnaireFormat.Text, QuestionnaireFormat.Qa],
                records.Select(r => r.Questionnaire!.Format).Distinct().Order());
            // Recombined, not copied: most samples are no corpus questionnaire as it stands.
            Assert.True(records.Count(r => !corpus.Any(c => Importer.Same(c, r.Questionnaire!))) > 150);
            Assert.Equal(bytes, Generate(300, seed: 11));
            Assert.NotEqual(bytes, Generate(300, seed: 12));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
