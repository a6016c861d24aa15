using System.Diagnostics;
using System.Text.Json;
using Matching.Benchmarks;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Nightly.Benchmarks;

/// <summary>
/// Fills a migrated database with synthetic profiles (shaped like extracted questionnaires, see <see cref="Synthetic"/>)
/// and open jobs, fast: binary COPY on PostgreSQL, one prepared insert in large transactions on SQLite. Rows are written
/// the way the profile and job stores write them, so the stores, the API and the nightly run read them as their own.
/// </summary>
internal static class SyntheticData
{
    private const string EmptyJson = "[]";
    private const string Questionnaire = """{"format":"text","content":"synthetic profile"}""";

    public static string ProfileId(int i) => "p_" + i.ToString("x32");

    /// <summary>Adds profiles <paramref name="first"/>…first+count−1 (deterministic per index) and returns how long it took.</summary>
    public static async Task<TimeSpan> AddProfilesAsync(DatabaseOptions options, SkillTaxonomy taxonomy, int first, int count, int seed = 11)
    {
        var watch = Stopwatch.StartNew();
        var synthetic = new Synthetic(taxonomy, seed);
        var vectors = Generate(synthetic, first, count, seed);
        if (options.Provider == DatabaseProvider.Postgres) await CopyProfilesAsync(options.ConnectionString, first, vectors);
        else await InsertProfilesSqliteAsync(options.ConnectionString, first, vectors);
        return watch.Elapsed;
    }

    /// <summary>Creates open jobs through the job store (as the API would).</summary>
    public static async Task<IReadOnlyList<string>> AddJobsAsync(MatchingDatabase db, SkillTaxonomy taxonomy, int count, int seed = 5)
    {
        var synthetic = new Synthetic(taxonomy, seed);
        var random = new Random(seed);
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var requirements = synthetic.Job(random, random.Next(3, 11));
            var job = await db.Jobs.CreateAsync(new JobWrite($"job-{seed}-{i}", $"Synthetic job {i}", null, JobStatus.Open, requirements),
                CancellationToken.None);
            ids.Add(job.Id);
        }
        return ids;
    }

    // Profile generation is CPU work (taxonomy closure per profile): spread it over the cores, deterministic per index.
    private static IReadOnlyList<ProfileSkill>[] Generate(Synthetic synthetic, int first, int count, int seed)
    {
        var vectors = new IReadOnlyList<ProfileSkill>[count];
        const int chunk = 10_000;
        Parallel.For(0, (count + chunk - 1) / chunk, c =>
        {
            var random = new Random(seed * 7919 + first / chunk + c);
            for (var i = c * chunk; i < Math.Min(count, (c + 1) * chunk); i++) vectors[i] = synthetic.Profile(random);
        });
        return vectors;
    }

    private static async Task CopyProfilesAsync(string connectionString, int first, IReadOnlyList<ProfileSkill>[] vectors)
    {
        // Loading millions of rows takes longer than a command timeout; secondary indexes are dropped for the load and
        // rebuilt after it (building one in bulk is several times faster than maintaining it row by row).
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        // The rows are consistent by construction: as a superuser, skip the per-row foreign-key triggers.
        await using (var fast = new NpgsqlCommand(
            "DO $$ BEGIN IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN SET session_replication_role = replica; END IF; END $$",
            connection))
            await fast.ExecuteNonQueryAsync();
        var indexes = await SecondaryIndexesAsync(connection);
        foreach (var (name, _) in indexes)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
        var now = DateTime.UtcNow;
        await using (var profiles = await connection.BeginBinaryImportAsync(
            "COPY profiles (id, external_id, language, questionnaire, extracted, experience, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                await profiles.StartRowAsync();
                await profiles.WriteAsync(ProfileId(first + i), NpgsqlDbType.Text);
                await profiles.WriteAsync($"syn-{first + i}", NpgsqlDbType.Text);
                await profiles.WriteAsync("en", NpgsqlDbType.Text);
                await profiles.WriteAsync(Questionnaire, NpgsqlDbType.Jsonb);
                await profiles.WriteAsync(EmptyJson, NpgsqlDbType.Jsonb);
                await profiles.WriteAsync(EmptyJson, NpgsqlDbType.Jsonb);
                await profiles.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await profiles.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await profiles.CompleteAsync();
        }
        await using (var skills = await connection.BeginBinaryImportAsync(
            "COPY profile_skills (profile_id, skill_id, level, source, via, evidence) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                var id = ProfileId(first + i);
                foreach (var s in vectors[i])
                {
                    await skills.StartRowAsync();
                    await skills.WriteAsync(id, NpgsqlDbType.Text);
                    await skills.WriteAsync(s.SkillId, NpgsqlDbType.Text);
                    await skills.WriteAsync(s.Level, NpgsqlDbType.Double);
                    await skills.WriteAsync(Source(s.Source), NpgsqlDbType.Text);
                    if (s.Via is null) await skills.WriteNullAsync();
                    else await skills.WriteAsync(s.Via, NpgsqlDbType.Text);
                    await skills.WriteAsync(EmptyJson, NpgsqlDbType.Jsonb);
                }
            }
            await skills.CompleteAsync();
        }
        foreach (var (_, definition) in indexes)
        {
            await using var create = new NpgsqlCommand(definition, connection);
            await create.ExecuteNonQueryAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE profiles; ANALYZE profile_skills;", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The indexes of profile_skills other than its primary key, whatever the migrations made them.</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.indexname, i.indexdef
            FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = 'profile_skills'
              AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'profile_skills'::regclass)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new List<(string, string)>();
        while (await reader.ReadAsync()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        return indexes;
    }

    private static async Task InsertProfilesSqliteAsync(string connectionString, int first, IReadOnlyList<ProfileSkill>[] vectors)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = new SqliteCommand("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;", connection))
            await pragma.ExecuteNonQueryAsync();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        const int perTransaction = 20_000;
        for (var start = 0; start < vectors.Length; start += perTransaction)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var profile = new SqliteCommand("""
                INSERT INTO profiles (id, external_id, language, questionnaire, extracted, experience, created_at, updated_at)
                VALUES ($id, $external, 'en', $questionnaire, '[]', '[]', $now, $now)
                """, connection, tx);
            var pId = profile.Parameters.Add("$id", SqliteType.Text);
            var pExternal = profile.Parameters.Add("$external", SqliteType.Text);
            profile.Parameters.AddWithValue("$questionnaire", Questionnaire);
            profile.Parameters.AddWithValue("$now", now);
            await using var skill = new SqliteCommand("""
                INSERT INTO profile_skills (profile_id, skill_id, level, source, via, evidence)
                VALUES ($id, $skill, $level, $source, $via, '[]')
                """, connection, tx);
            var sId = skill.Parameters.Add("$id", SqliteType.Text);
            var sSkill = skill.Parameters.Add("$skill", SqliteType.Text);
            var sLevel = skill.Parameters.Add("$level", SqliteType.Real);
            var sSource = skill.Parameters.Add("$source", SqliteType.Text);
            var sVia = skill.Parameters.Add("$via", SqliteType.Text);
            for (var i = start; i < Math.Min(vectors.Length, start + perTransaction); i++)
            {
                var id = ProfileId(first + i);
                pId.Value = id;
                pExternal.Value = $"syn-{first + i}";
                await profile.ExecuteNonQueryAsync();
                foreach (var s in vectors[i])
                {
                    sId.Value = id;
                    sSkill.Value = s.SkillId;
                    sLevel.Value = s.Level;
                    sSource.Value = Source(s.Source);
                    sVia.Value = (object?)s.Via ?? DBNull.Value;
                    await skill.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
        }
    }

    private static string Source(SkillSource source) => JsonNamingPolicy.CamelCase.ConvertName(source.ToString());
}
