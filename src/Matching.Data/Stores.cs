using Matching.Core.Extraction;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Data;

/// <summary>A page of a listing; <see cref="NextCursor"/> is opaque and null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// What an ingest writes: the questionnaire as sent, what extraction made of it, and which extractor and taxonomy
/// made it (<see cref="ExtractionVersions.Current"/>).
/// </summary>
public sealed partial record ProfileWrite(
    string? ExternalId,
    Questionnaire Questionnaire,
    string Language,
    IReadOnlyList<ProfileSkill> ExtractedSkills,
    IReadOnlyList<Experience> Experience,
    ExtractionVersions Versions,
    ProfileAttributes? Attributes = null,
    double? QuestionnaireYears = null);

public sealed record ProfileQuery(string? ExternalId, string? Skill, double? MinLevel, int Limit, string? Cursor);

/// <summary>Composes the effective skills from extracted skills and the stored overrides (a pure Core function).</summary>
public delegate IReadOnlyList<ProfileSkill> ComposeSkills(IReadOnlyList<ProfileSkill> extracted, IReadOnlyList<SkillOverride> overrides);

/// <summary>One change to the profiles table, in commit order: the match index replays these.</summary>
public sealed record ProfileChange(long Sequence, string ProfileId, bool Deleted);

/// <summary>The effective skills of one profile, as the match index needs them (no evidence).</summary>
/// <summary>What <see cref="IProfileFeed.ReadIndexAsync"/> read: a builder ready for <see cref="MatchIndex.Load(MatchIndexBuilder)"/>.</summary>
public sealed record LoadedVectors(MatchIndexBuilder Builder, int Profiles);

public sealed record ProfileVectorRow(string ProfileId, string? ExternalId, IReadOnlyList<(string SkillId, double Level, SkillSource Source, string? Via)> Skills,
    ProfileAttributes? Attributes = null);

/// <summary>Writes profiles: ingest (one or a batch), overrides, attributes, erasure; each one transaction with its change-feed row.</summary>
public interface IProfileWriter
{
    /// <summary>
    /// Inserts a profile, or — when <see cref="ProfileWrite.ExternalId"/> exists — replaces its extraction keeping
    /// its id and overrides. One transaction. Returns the stored profile and whether it was created.
    /// </summary>
    Task<(Profile Profile, bool Created)> UpsertAsync(ProfileWrite write, ComposeSkills compose, CancellationToken ct);

    /// <summary>
    /// <see cref="UpsertAsync"/> for many profiles in one transaction: all of them are stored (each with its skills, its
    /// questionnaire and its change-feed row) or none. Results are in the order of <paramref name="writes"/>.
    /// </summary>
    Task<IReadOnlyList<(Profile Profile, bool Created)>> UpsertManyAsync(IReadOnlyList<ProfileWrite> writes, ComposeSkills compose,
        CancellationToken ct);

    /// <summary>The stored questionnaire of each external id that exists (for resuming an import without storing twice).</summary>
    Task<IReadOnlyDictionary<string, Questionnaire>> GetQuestionnairesAsync(IReadOnlyCollection<string> externalIds, CancellationToken ct);

    /// <summary>Adds the overrides to the stored ones (a later override of a skill replaces an earlier one) and recomposes. Null when the profile does not exist.</summary>
    Task<Profile?> ApplyOverridesAsync(string id, IReadOnlyList<SkillOverride> overrides, ComposeSkills compose, CancellationToken ct);

    /// <summary>
    /// Replaces the profile's attributes (the caller merges a patch first), in one transaction with a change-feed row, so
    /// every process's match index follows. Null when the profile does not exist.
    /// </summary>
    Task<Profile?> ReplaceAttributesAsync(string id, ProfileAttributes attributes, CancellationToken ct);

    /// <summary>Erasure: the profile, its questionnaire, evidence, overrides and stored scores. False when absent.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct);
}

/// <summary>Reads profiles as the API shows them.</summary>
public interface IProfileReader
{

    Task<Profile?> GetAsync(string id, CancellationToken ct);

    /// <summary>Profiles by id (order not guaranteed; unknown ids skipped).</summary>
    Task<IReadOnlyList<Profile>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    Task<Page<Profile>> ListAsync(ProfileQuery query, CancellationToken ct);

    /// <summary>The attributes as the HR system stated them (yearsOfExperience null unless it stated it); null when the profile does not exist.</summary>
    Task<ProfileAttributes?> GetStatedAttributesAsync(string id, CancellationToken ct);

    Task<long> CountAsync(CancellationToken ct);
}

/// <summary>What the match index is fed from: every stored vector at start-up, then the change feed and the changed vectors.</summary>
public interface IProfileFeed
{

    /// <summary>Every profile's effective skills, streamed, for building the match index.</summary>
    IAsyncEnumerable<ProfileVectorRow> StreamVectorsAsync(CancellationToken ct);

    /// <summary>
    /// Every profile's effective skills in a match-index builder: the fast bulk path (one consistent snapshot; binary
    /// COPY on PostgreSQL). Read <see cref="CurrentSequenceAsync"/> before and replay the changes after it.
    /// </summary>
    Task<LoadedVectors> ReadIndexAsync(SkillTaxonomy taxonomy, CancellationToken ct);

    /// <summary>The highest change sequence committed so far (0 when none).</summary>
    Task<long> CurrentSequenceAsync(CancellationToken ct);

    /// <summary>Changes after <paramref name="sequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ProfileChange>> ChangesSinceAsync(long sequence, int limit, CancellationToken ct);

    /// <summary>Vectors of the given profiles (for replaying changes into the index).</summary>
    Task<IReadOnlyList<ProfileVectorRow>> GetVectorsAsync(IReadOnlyCollection<string> ids, CancellationToken ct);
}

/// <summary>The quotes behind stored skills, for the explanations of /match (through the evidence cache).</summary>
public interface IEvidenceReader
{

    /// <summary>
    /// Every stored quote of each profile, by profile id and then skill id, in one round trip per 500 ids: what explaining
    /// match results needs besides the index. Profiles that do not exist or have no evidence are absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Evidence>>>> GetEvidenceAsync(
        IReadOnlyCollection<string> ids, CancellationToken ct);
}

/// <summary>The whole profile store: each reader of it depends on the part it uses.</summary>
public interface IProfileStore : IProfileWriter, IProfileReader, IProfileFeed, IEvidenceReader;

/// <param name="Filter">The job's default match filter (null: none), applied by /match by jobId, the nightly lists and reverse matches.</param>
public sealed record JobWrite(string? ExternalId, string Title, string? Description, string Status, IReadOnlyList<Requirement> Requirements,
    MatchFilter? Filter = null);

public sealed record JobQuery(string? Status, int Limit, string? Cursor);

public interface IJobStore
{
    Task<Job> CreateAsync(JobWrite write, CancellationToken ct);
    Task<Job?> GetAsync(string id, CancellationToken ct);
    Task<Page<Job>> ListAsync(JobQuery query, CancellationToken ct);
    /// <summary>Replaces the job. Null when it does not exist.</summary>
    Task<Job?> UpdateAsync(string id, JobWrite write, CancellationToken ct);
    Task<bool> DeleteAsync(string id, CancellationToken ct);
    /// <summary>Thrown as <see cref="DuplicateExternalIdException"/> by Create/Update when another job has the external id.</summary>
    Task<Job?> FindByExternalIdAsync(string externalId, CancellationToken ct);
}

public sealed class DuplicateExternalIdException(string externalId)
    : Exception($"Another record already has externalId '{externalId}'.")
{
    public string ExternalId { get; } = externalId;
}

/// <summary>Database health: reachable and migrated.</summary>
public interface IDatabaseHealth
{
    Task<(bool Ok, string Detail)> CheckAsync(CancellationToken ct);
}
