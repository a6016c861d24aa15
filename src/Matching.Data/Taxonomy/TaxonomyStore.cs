using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Microsoft.Data.Sqlite;

namespace Matching.Data;

/// <summary>
/// The taxonomy overlay: the changes made through the API, in revision order (<c>taxonomy_changes</c>), and the two
/// queries that let stored profiles follow a change without re-extracting all of them.
/// </summary>
public interface ITaxonomyStore
{
    /// <summary>The latest revision (0 when nothing was ever changed). Cheap: replicas poll it.</summary>
    Task<long> CurrentRevisionAsync(CancellationToken ct);

    /// <summary>The changes after <paramref name="revision"/>, in order.</summary>
    Task<IReadOnlyList<TaxonomyRevision>> ChangesSinceAsync(long revision, CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="change"/> as <paramref name="revision"/>; false, storing nothing, when another process
    /// stored that revision first (the caller re-checks its change against the newer taxonomy).
    /// </summary>
    Task<bool> AppendAsync(long revision, TaxonomyChange change, string? actor, CancellationToken ct);

    /// <summary>
    /// The profiles a change can affect: those whose stored questionnaire contains one of <paramref name="terms"/>
    /// (lowercase, ё as е; compared the same way) and those holding one of <paramref name="skillIds"/>. A superset:
    /// re-extraction tells which really changed.
    /// </summary>
    Task<IReadOnlyList<string>> CandidateProfilesAsync(IReadOnlyList<string> terms, IReadOnlyList<string> skillIds, CancellationToken ct);

    /// <summary>
    /// Marks the profiles extracted with <paramref name="from"/> by the current extractor as extracted with
    /// <paramref name="to"/>, except <paramref name="affected"/>: a change that cannot touch a questionnaire leaves its
    /// extraction as it was, so only the affected ones stay due for re-extraction. Returns how many were restamped.
    /// </summary>
    Task<int> RestampAsync(ExtractionVersions from, ExtractionVersions to, IReadOnlyCollection<string> affected, CancellationToken ct);
}

internal sealed class TaxonomyStore(SqlDialect db, TimeProvider clock) : ITaxonomyStore
{
    private const int IdsPerQuery = 500;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string MaxRevision = "SELECT COALESCE(MAX(revision), 0) FROM taxonomy_changes";

    public async Task<long> CurrentRevisionAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(MaxRevision, cancellationToken: ct));
    }

    private const string SelectChanges = """
        SELECT revision AS Revision, change AS Change, actor AS Actor, created_at AS CreatedAt
        FROM taxonomy_changes
        WHERE revision > @After
        ORDER BY revision
        """;

    public async Task<IReadOnlyList<TaxonomyRevision>> ChangesSinceAsync(long revision, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ChangeRow>(new CommandDefinition(SelectChanges, new { After = revision }, cancellationToken: ct));
        return rows.Select(r => new TaxonomyRevision(r.Revision,
            JsonSerializer.Deserialize<TaxonomyChange>(r.Change, Options) ?? throw new InvalidDataException($"Taxonomy change {r.Revision} is null."),
            r.CreatedAt.Value, r.Actor)).ToList();
    }

    private const string InsertChange = """
        INSERT INTO taxonomy_changes (revision, kind, skill_id, change, actor, created_at)
        VALUES (@Revision, @Kind, @SkillId, @Change, @Actor, @Now)
        """;

    public async Task<bool> AppendAsync(long revision, TaxonomyChange change, string? actor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertChange, new
            {
                Revision = revision,
                Kind = change.Kind.ToString().ToLowerInvariant(),
                change.SkillId,
                Change = new DbJson(JsonSerializer.Serialize(change, Options)),
                Actor = actor,
                Now = UtcTime.Now(clock),
            }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            return false;
        }
    }

    // The stored questionnaire is JSON with its text as sent. PostgreSQL's lower() folds Cyrillic only under a
    // non-C locale, so Cyrillic capitals are folded by translate() first and the comparison is the same everywhere.
    private const string CandidatesPostgres = """
        SELECT p.id
        FROM profiles p
        CROSS JOIN LATERAL (SELECT lower(translate(p.questionnaire::text, @Upper, @Lower)) AS folded) f
        WHERE EXISTS (SELECT 1 FROM unnest(@Terms) AS t(term) WHERE strpos(f.folded, t.term) > 0)
        UNION
        SELECT s.profile_id FROM profile_skills s WHERE s.skill_id = ANY(@Skills)
        """;

    // With ICU (Debian's and the official images' PostgreSQL have it), lower() under an ICU collation folds every script
    // whatever the database's locale, and only ё is left to translate: at 100k stored questionnaires 5 s against 20 s
    // for translating all of Cyrillic's capitals.
    private const string CandidatesPostgresIcu = """
        SELECT p.id
        FROM profiles p
        CROSS JOIN LATERAL (SELECT lower(translate(p.questionnaire::text, 'Ёё', 'ее') COLLATE "und-x-icu") AS folded) f
        WHERE EXISTS (SELECT 1 FROM unnest(@Terms) AS t(term) WHERE strpos(f.folded, t.term) > 0)
        UNION
        SELECT s.profile_id FROM profile_skills s WHERE s.skill_id = ANY(@Skills)
        """;

    private bool? _icu;

    private const string HasIcu = "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')";

    // SQLite's lower() and LIKE fold ASCII only: the comparison is a function of this connection, in .NET.
    private const string CandidatesSqlite = """
        SELECT p.id FROM profiles p WHERE matching_mentions_any(p.questionnaire)
        UNION
        SELECT s.profile_id FROM profile_skills s WHERE s.skill_id IN @Skills
        """;

    private const string CyrillicUpper = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё";
    private const string CyrillicLower = "абвгдеежзийклмнопрстуфхцчшщъыьэюяе";

    public async Task<IReadOnlyList<string>> CandidateProfilesAsync(IReadOnlyList<string> terms, IReadOnlyList<string> skillIds,
        CancellationToken ct)
    {
        var folded = terms.Select(TaxonomyOverlay.Fold).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = await db.OpenAsync(ct);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Whether the server has ICU does not change while it runs: asked once.
            var icu = _icu ??= await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HasIcu, cancellationToken: ct));
            var ids = await connection.QueryAsync<string>(new CommandDefinition(icu ? CandidatesPostgresIcu : CandidatesPostgres,
                new { Terms = folded, Skills = skillIds.ToArray(), Upper = CyrillicUpper, Lower = CyrillicLower },
                commandTimeout: 600, cancellationToken: ct));
            return ids.AsList();
        }
        ((SqliteConnection)connection).CreateFunction("matching_mentions_any", (string text) => MentionsAny(text, folded), isDeterministic: true);
        var found = await connection.QueryAsync<string>(new CommandDefinition(CandidatesSqlite, new { Skills = skillIds.ToArray() },
            commandTimeout: 600, cancellationToken: ct));
        return found.AsList();
    }

    private static bool MentionsAny(string text, string[] terms)
    {
        if (terms.Length == 0) return false;
        // OrdinalIgnoreCase folds Cyrillic too; only ё needs folding to е by hand.
        if (text.AsSpan().IndexOfAny('ё', 'Ё') >= 0) text = TaxonomyOverlay.Fold(text);
        foreach (var term in terms)
            if (text.Contains(term, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private const string RestampAll = """
        UPDATE profiles SET taxonomy_version = @To
        WHERE taxonomy_version = @From AND extractor_version = @Extractor
        """;

    private const string UnstampPostgres = """
        UPDATE profiles SET taxonomy_version = @From
        WHERE id = ANY(@Ids) AND taxonomy_version = @To AND extractor_version = @Extractor
        """;

    private const string UnstampSqlite = """
        UPDATE profiles SET taxonomy_version = @From
        WHERE id IN @Ids AND taxonomy_version = @To AND extractor_version = @Extractor
        """;

    public async Task<int> RestampAsync(ExtractionVersions from, ExtractionVersions to, IReadOnlyCollection<string> affected, CancellationToken ct)
    {
        if (from.Extractor != to.Extractor) return 0; // a new extractor re-extracts everything anyway
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var restamped = await connection.ExecuteAsync(new CommandDefinition(RestampAll,
            new { From = from.Taxonomy, To = to.Taxonomy, Extractor = to.Extractor }, tx, commandTimeout: 600, cancellationToken: ct));
        var sql = db.Provider == DatabaseProvider.Postgres ? UnstampPostgres : UnstampSqlite;
        foreach (var chunk in affected.Chunk(IdsPerQuery))
            restamped -= await connection.ExecuteAsync(new CommandDefinition(sql,
                new { Ids = chunk, From = from.Taxonomy, To = to.Taxonomy, Extractor = to.Extractor }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return restamped;
    }

    private sealed class ChangeRow
    {
        public long Revision { get; init; }
        public string Change { get; init; } = "";
        public string? Actor { get; init; }
        public UtcTime CreatedAt { get; init; }
    }
}

public static class TaxonomyStoreExtensions
{
    /// <summary>The effective taxonomy now: <paramref name="shipped"/> with every stored change applied.</summary>
    public static async Task<SkillTaxonomy> EffectiveAsync(this ITaxonomyStore store, SkillTaxonomy shipped, CancellationToken ct) =>
        TaxonomyOverlay.Apply(shipped, await store.ChangesSinceAsync(0, ct));
}
