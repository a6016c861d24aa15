using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Data;

/// <summary>
/// One profile for <see cref="ProfileBulkLoader"/>: what <see cref="IProfileWriter.UpsertAsync"/> would store, with the
/// effective skills already composed (extracted + inferred ancestors) and the id chosen by the caller.
/// </summary>
/// <param name="Versions">
/// What made <paramref name="Extracted"/>: <see cref="ExtractionVersions.Current"/> for real questionnaires, or
/// <see cref="ExtractionVersions.SyntheticOf"/> for generated profiles, whose placeholder questionnaire re-extraction
/// must never replace them from.
/// </param>
public sealed record BulkProfile(
    string Id,
    string? ExternalId,
    string Language,
    Questionnaire Questionnaire,
    IReadOnlyList<ProfileSkill> Extracted,
    IReadOnlyList<ProfileSkill> Effective,
    IReadOnlyList<Experience> Experience,
    ExtractionVersions Versions);

/// <param name="Loaded">Profiles committed so far (PostgreSQL: written so far; they commit together at the end).</param>
public readonly record struct BulkLoadProgress(int Loaded, long Skills);

public sealed record BulkLoadResult(int Profiles, long Skills, TimeSpan Elapsed, bool RebuiltIndexes);

/// <summary>
/// Loads many new profiles fast, in the stores' own format, each with its change-feed row so that running API replicas
/// pick them up like any other write. PostgreSQL: binary <c>COPY</c> in one transaction (all or nothing; when
/// <c>profile_skills</c> starts empty its secondary indexes are dropped for the load and rebuilt after it, which is
/// several times faster than maintaining them row by row). SQLite: prepared inserts in transactions of
/// <see cref="SqliteBatch"/> profiles; a failure leaves the batches before it committed, whole profiles only.
/// </summary>
/// <remarks>
/// Ids and external ids must be new: a clash fails the load (on PostgreSQL nothing is kept). Levels must lie in [0, 1].
/// </remarks>
public sealed class ProfileBulkLoader
{
    public const int SqliteBatch = 10_000;
    private const int PostgresChunk = 20_000;

    private readonly SqlDialect _dialect;

    internal ProfileBulkLoader(SqlDialect dialect) => _dialect = dialect;

    public async Task<BulkLoadResult> LoadAsync(IEnumerable<BulkProfile> profiles, IProgress<BulkLoadProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var watch = Stopwatch.StartNew();
        var (count, skills, rebuilt) = _dialect is PostgresDialect postgres
            ? await LoadPostgresAsync(postgres, profiles, progress, ct)
            : await LoadSqliteAsync((SqliteDialect)_dialect, profiles, progress, ct);
        return new BulkLoadResult(count, skills, watch.Elapsed, rebuilt);
    }

    /// <summary>Checks one profile before anything of its chunk is sent, and returns its vector text.</summary>
    private static string Validate(BulkProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentException.ThrowIfNullOrWhiteSpace(p.Id);
        StorableText.Ensure(p.Id, "id");
        StorableText.EnsureProfile(p.ExternalId, p.Language, p.Questionnaire, p.Experience);
        ArgumentNullException.ThrowIfNull(p.Versions);
        StorableText.Ensure(p.Versions.Extractor, "extractor version");
        StorableText.Ensure(p.Versions.Taxonomy, "taxonomy version");
        foreach (var s in p.Effective)
        {
            if (!(s.Level is >= 0 and <= 1))
                throw new ArgumentException($"Profile '{p.Id}': skill '{s.SkillId}' has level {s.Level}, outside [0, 1].");
            StorableText.Ensure(s.SkillId, "skill id");
            StorableText.Ensure(s.Via, "skill via");
        }
        // Also refuses ids the vector text cannot hold (':' or ',').
        return SkillVectorText.Encode(p.Effective);
    }

    // ---- PostgreSQL -----------------------------------------------------------------------------------------------

    private static async Task<(int, long, bool)> LoadPostgresAsync(PostgresDialect dialect, IEnumerable<BulkProfile> profiles,
        IProgress<BulkLoadProgress>? progress, CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)await dialect.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Rows are checked here before they are sent, so as a superuser skip the per-row foreign-key triggers.
        await connection.ExecuteAsync(new CommandDefinition("""
            DO $$ BEGIN
              IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN SET LOCAL session_replication_role = replica; END IF;
            END $$
            """, transaction: tx, cancellationToken: ct));
        var empty = !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM profile_skills)", transaction: tx, cancellationToken: ct));
        var indexes = empty ? await SecondaryIndexesAsync(connection, tx, ct) : [];
        foreach (var (name, _) in indexes)
            await connection.ExecuteAsync(new CommandDefinition($"DROP INDEX \"{name}\"", transaction: tx, cancellationToken: ct));
        // The change rows must be numbered in commit order like every other write's: hold the feed's lock from here.
        await dialect.OrderChangeFeedAsync(connection, tx, ct);

        var now = DateTime.UtcNow;
        var count = 0;
        long skills = 0;
        foreach (var chunk in profiles.Chunk(PostgresChunk))
        {
            var vectors = chunk.Select(Validate).ToArray();
            await CopyProfilesAsync(connection, chunk, vectors, now, ct);
            skills += await CopySkillsAsync(connection, chunk, ct);
            await CopyChangesAsync(connection, chunk, now, ct);
            count += chunk.Length;
            progress?.Report(new BulkLoadProgress(count, skills));
        }

        foreach (var (_, definition) in indexes)
            await connection.ExecuteAsync(new CommandDefinition(definition, transaction: tx, commandTimeout: 0, cancellationToken: ct));
        await tx.CommitAsync(ct);
        try
        {
            // Fresh statistics for the planner; the load is committed whatever happens here.
            await connection.ExecuteAsync(new CommandDefinition("ANALYZE profiles; ANALYZE profile_skills;", commandTimeout: 0,
                cancellationToken: CancellationToken.None));
        }
        catch (NpgsqlException)
        {
            // Autovacuum will analyze the tables later.
        }
        return (count, skills, indexes.Count > 0);
    }

    private static async Task CopyProfilesAsync(NpgsqlConnection connection, BulkProfile[] chunk, string[] vectors, DateTime now,
        CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY profiles (id, external_id, language, questionnaire, extracted, experience, skill_vector, extractor_version,
                           taxonomy_version, created_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = TimeSpan.Zero;
        for (var i = 0; i < chunk.Length; i++)
        {
            var p = chunk[i];
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.Id, NpgsqlDbType.Text, ct);
            if (p.ExternalId is null) await copy.WriteNullAsync(ct);
            else await copy.WriteAsync(p.ExternalId, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Language, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(StoredJson.Write(p.Questionnaire).Text, NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(StoredJson.Write(p.Extracted).Text, NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(StoredJson.Write(p.Experience).Text, NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(vectors[i], NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Versions.Extractor, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Versions.Taxonomy, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static Task<long> CopySkillsAsync(NpgsqlConnection connection, BulkProfile[] chunk, CancellationToken ct) =>
        CopySkillsAsync(connection, chunk.Select(p => (p.Id, p.Effective)), ct);

    /// <summary>Profiles' skill rows by binary COPY (the caller's transaction, if any); also the batch upsert's path for new profiles.</summary>
    internal static async Task<long> CopySkillsAsync(NpgsqlConnection connection,
        IEnumerable<(string ProfileId, IReadOnlyList<ProfileSkill> Skills)> profiles, CancellationToken ct)
    {
        long rows = 0;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY profile_skills (profile_id, skill_id, level, source, via, reason) FROM STDIN (FORMAT BINARY)", ct);
        copy.Timeout = TimeSpan.Zero;
        foreach (var (profileId, skills) in profiles)
        {
            foreach (var s in skills)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(profileId, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(s.SkillId, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(s.Level, NpgsqlDbType.Double, ct);
                await copy.WriteAsync(SkillSources.ToDb(s.Source), NpgsqlDbType.Text, ct);
                if (s.Via is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(s.Via, NpgsqlDbType.Text, ct);
                if (s.Reason is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(s.Reason, NpgsqlDbType.Text, ct);
                rows++;
            }
        }
        await copy.CompleteAsync(ct);
        return rows;
    }

    private static async Task CopyChangesAsync(NpgsqlConnection connection, BulkProfile[] chunk, DateTime now, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY profile_changes (profile_id, deleted, at) FROM STDIN (FORMAT BINARY)", ct);
        copy.Timeout = TimeSpan.Zero;
        foreach (var p in chunk)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.Id, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>The indexes of profile_skills other than its constraints' (whatever the migrations made them).</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection,
        DbTransaction tx, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition("""
            SELECT i.indexname, i.indexdef
            FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = 'profile_skills'
              AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'profile_skills'::regclass)
            """, transaction: tx, cancellationToken: ct));
        return rows.ToList();
    }

    // ---- SQLite ---------------------------------------------------------------------------------------------------

    private static async Task<(int, long, bool)> LoadSqliteAsync(SqliteDialect dialect, IEnumerable<BulkProfile> profiles,
        IProgress<BulkLoadProgress>? progress, CancellationToken ct)
    {
        await using var connection = (SqliteConnection)await dialect.OpenAsync(ct);
        var count = 0;
        long skills = 0;
        foreach (var batch in profiles.Chunk(SqliteBatch))
        {
            var vectors = batch.Select(Validate).ToArray();
            var now = UtcTime.Now(TimeProvider.System).ToString();
            await using var tx = connection.BeginTransaction(deferred: false);
            await using var profile = Command(connection, tx, """
                INSERT INTO profiles (id, external_id, language, questionnaire, extracted, experience, skill_vector,
                                      extractor_version, taxonomy_version, created_at, updated_at)
                VALUES ($id, $external, $language, $questionnaire, $extracted, $experience, $vector, $extractor, $taxonomy, $now, $now)
                """, "$id", "$external", "$language", "$questionnaire", "$extracted", "$experience", "$vector", "$extractor", "$taxonomy", "$now");
            await using var skill = Command(connection, tx, """
                INSERT INTO profile_skills (profile_id, skill_id, level, source, via, reason)
                VALUES ($id, $skill, $level, $source, $via, $reason)
                """, "$id", "$skill", "$level", "$source", "$via", "$reason");
            await using var change = Command(connection, tx,
                "INSERT INTO profile_changes (profile_id, deleted, at) VALUES ($id, 0, $now)", "$id", "$now");
            for (var i = 0; i < batch.Length; i++)
            {
                var p = batch[i];
                Set(profile, p.Id, p.ExternalId, p.Language, StoredJson.Write(p.Questionnaire).Text, StoredJson.Write(p.Extracted).Text,
                    StoredJson.Write(p.Experience).Text, vectors[i], p.Versions.Extractor, p.Versions.Taxonomy, now);
                await profile.ExecuteNonQueryAsync(ct);
                foreach (var s in p.Effective)
                {
                    Set(skill, p.Id, s.SkillId, s.Level, SkillSources.ToDb(s.Source), s.Via, s.Reason);
                    await skill.ExecuteNonQueryAsync(ct);
                    skills++;
                }
                Set(change, p.Id, now);
                await change.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            count += batch.Length;
            progress?.Report(new BulkLoadProgress(count, skills));
        }
        return (count, skills, false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var command = new SqliteCommand(sql, connection, tx);
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }
}
