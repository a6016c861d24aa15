using Matching.Core.Extraction;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Data;

namespace Matching.Loader;

/// <summary>Synthetic profiles and jobs as the stores would hold them, for loading in bulk.</summary>
public static class SyntheticLoad
{
    // A placeholder, not a questionnaire: the profiles are stamped ExtractionVersions.Synthetic so that re-extraction never
    // replaces their generated skills from it (db/*/0030_extractor_versions.sql recognises older loads by this text).
    private static readonly Questionnaire Questionnaire = Questionnaire.Text("synthetic profile");

    /// <summary>Profile <paramref name="index"/>'s id: fixed per index, so a load can be resumed or repeated elsewhere.</summary>
    public static string ProfileId(int index) => "p_" + index.ToString("x32");

    public static string ExternalId(int index) => "syn-" + index;

    /// <summary>
    /// Profiles first … first+count−1. Generation (a taxonomy closure per profile) is spread over the cores a chunk at
    /// a time while the caller writes the previous chunk.
    /// </summary>
    public static IEnumerable<BulkProfile> Profiles(SyntheticProfiles synthetic, int first, int count, int chunk = 20_000)
    {
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)first + count > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(count), "first + count is too large.");
        Task<BulkProfile[]>? next = count > 0 ? Task.Run(() => Generate(synthetic, first, Math.Min(chunk, count))) : null;
        for (var start = 0; next is not null; start += chunk)
        {
            var current = next.GetAwaiter().GetResult();
            var following = start + chunk;
            next = following < count
                ? Task.Run(() => Generate(synthetic, first + following, Math.Min(chunk, count - following)))
                : null;
            foreach (var p in current) yield return p;
        }
    }

    private static BulkProfile[] Generate(SyntheticProfiles synthetic, int first, int count)
    {
        var profiles = new BulkProfile[count];
        var versions = ExtractionVersions.SyntheticOf(synthetic.Taxonomy);
        Parallel.For(0, count, i =>
        {
            var index = first + i;
            var mentioned = synthetic.Mentioned(index);
            var effective = SkillVector.Compose(synthetic.Taxonomy, mentioned);
            profiles[i] = new BulkProfile(ProfileId(index), ExternalId(index), "en", Questionnaire, mentioned, effective, [], versions);
        });
        return profiles;
    }

    /// <summary>Creates open jobs through the job store (as the API would): 3–10 requirements around one or two roles.</summary>
    public static async Task<IReadOnlyList<string>> AddJobsAsync(MatchingDatabase db, SyntheticProfiles synthetic, int count, int seed = 5,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(synthetic);
        var random = new Random(seed);
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var requirements = synthetic.Job(random, random.Next(3, 11));
            var job = await db.Jobs.CreateAsync(new JobWrite($"job-{seed}-{i}", $"Synthetic job {i}", null, JobStatus.Open, requirements), ct);
            ids.Add(job.Id);
        }
        return ids;
    }
}
