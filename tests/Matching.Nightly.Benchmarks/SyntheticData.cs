using System.Diagnostics;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Loader;

namespace Matching.Nightly.Benchmarks;

/// <summary>
/// Fills a migrated database with synthetic profiles and open jobs through the bulk loader of
/// <c>src/Matching.Loader</c> (binary COPY on PostgreSQL, batched transactions on SQLite), in the stores' own format.
/// </summary>
internal static class SyntheticData
{
    public static string ProfileId(int i) => SyntheticLoad.ProfileId(i);

    /// <summary>Adds profiles <paramref name="first"/>…first+count−1 (deterministic per index) and returns how long it took.</summary>
    public static async Task<TimeSpan> AddProfilesAsync(DatabaseOptions options, SkillTaxonomy taxonomy, int first, int count, int seed = 11)
    {
        var watch = Stopwatch.StartNew();
        await using var db = MatchingDatabase.Open(options);
        await db.BulkLoader.LoadAsync(SyntheticLoad.Profiles(new SyntheticProfiles(taxonomy, seed), first, count));
        return watch.Elapsed;
    }

    /// <summary>Creates open jobs through the job store (as the API would).</summary>
    public static Task<IReadOnlyList<string>> AddJobsAsync(MatchingDatabase db, SkillTaxonomy taxonomy, int count, int seed = 5) =>
        SyntheticLoad.AddJobsAsync(db, new SyntheticProfiles(taxonomy, seed), count, seed);
}
