using Matching.Core.Extraction;
using Matching.Core.Taxonomy;

namespace Matching.Core.Tests.Extraction;

/// <summary>The repository's <c>db/taxonomy.json</c> and the corpus beside the tests, loaded once per test run.</summary>
internal static class RealTaxonomy
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static readonly Lazy<SkillTaxonomy> LazyTaxonomy = new(() => SkillTaxonomy.LoadFile(Path.Combine(RepositoryRoot, "db", "taxonomy.json")));
    private static readonly Lazy<SkillExtractor> LazyExtractor = new(() => new SkillExtractor(Taxonomy));

    public static SkillTaxonomy Taxonomy => LazyTaxonomy.Value;
    public static SkillExtractor Extractor => LazyExtractor.Value;

    /// <summary>The committed corpus, or (MATCHING_CORPUS) another folder of questionnaires and labels to measure, such as a set not yet seen.</summary>
    public static string CorpusDirectory => Environment.GetEnvironmentVariable("MATCHING_CORPUS") is { Length: > 0 } other
        ? other : Path.Combine(RepositoryRoot, "tests", "Matching.Core.Tests", "Corpus");

    /// <summary>Questionnaires written without sight of the extractor, kept apart from the tuned corpus.</summary>
    public static string UnseenCorpusDirectory => Path.Combine(RepositoryRoot, "tests", "Matching.Core.Tests", "Corpus.Unseen");

    public static bool CommittedCorpus => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MATCHING_CORPUS"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "db", "taxonomy.json"))) return dir.FullName;
        throw new DirectoryNotFoundException("No folder above the test binaries holds db/taxonomy.json.");
    }
}
