using System.Data.Common;
using System.Globalization;
using Dapper;
using Matching.Core.Extraction;

namespace Matching.Data;

/// <summary>What an ingest writes besides the profile: the candidate terms its questionnaire names (none by default).</summary>
public sealed partial record ProfileWrite
{
    /// <summary>The terms extraction noted that resolve to no skill (<see cref="ExtractedProfile.CandidateTerms"/>).</summary>
    public IReadOnlyList<CandidateTerm> CandidateTerms { get; init; } = [];
}

/// <summary>One line of the candidate report: a term, how many stored profiles name it, and a few short quotes.</summary>
/// <param name="Key">The folded term (lowercase, ё as е, words joined by one space).</param>
/// <param name="Display">The spelling most profiles use (of the first 200 by id).</param>
/// <param name="Profiles">The number of stored profiles whose questionnaire names it.</param>
/// <param name="Examples">Up to three quotes of at most 80 characters, from different profiles where there are.</param>
public sealed record CandidateTermSummary(string Key, string Display, int Profiles, IReadOnlyList<string> Examples);

/// <summary>
/// The terms stored profiles name that the taxonomy does not know (<c>profile_candidate_terms</c>), counted per term, and
/// the stop list of rejected ones (<c>taxonomy_candidate_rejections</c>). A profile's terms are written by the profile
/// store in the profile's own transaction and go with the profile.
/// </summary>
public interface ICandidateTermStore
{
    /// <summary>
    /// Terms named by at least <paramref name="minProfiles"/> profiles, not rejected, by the number of profiles (most
    /// first) then by term. The cursor is the previous page's last (count, term).
    /// </summary>
    /// <exception cref="InvalidCursorException">The cursor is not one this listing handed out.</exception>
    Task<Page<CandidateTermSummary>> ListAsync(int minProfiles, int limit, string? cursor, CancellationToken ct);

    /// <summary>The term's line whatever its count, or null when no stored profile names it or it is rejected.</summary>
    Task<CandidateTermSummary?> FindAsync(string key, CancellationToken ct);

    /// <summary>Adds the term to the stop list; false when it was there already.</summary>
    Task<bool> RejectAsync(string key, string display, string? actor, CancellationToken ct);

    /// <summary>
    /// Forgets every profile's note of an accepted term: it names a skill now, and re-extraction of those profiles
    /// (which the taxonomy change starts) finds it as one. Returns how many notes went.
    /// </summary>
    Task<int> ForgetAsync(string key, CancellationToken ct);
}

internal sealed class CandidateTermStore(SqlDialect db, TimeProvider clock) : ICandidateTermStore
{
    /// <summary>Quotes shown per term: from the first profiles by id, two at most from each.</summary>
    private const int ExamplesShown = 3;

    /// <summary>The display is the spelling most of the term's first profiles (by id) use.</summary>
    private const int SpellingsSampled = 200;

    // ---- writes, in the profile store's transaction ------------------------------------------------------------

    private const string DeleteOfProfile = """
        DELETE FROM profile_candidate_terms WHERE profile_id = @ProfileId
        """;

    private const string DeleteOfProfilesPostgres = """
        DELETE FROM profile_candidate_terms WHERE profile_id = ANY(@ProfileIds)
        """;

    private const string Insert = """
        INSERT INTO profile_candidate_terms (profile_id, term_key, display, examples)
        VALUES (@ProfileId, @Key, @Display, @Examples)
        """;

    // One statement for all of a batch's terms (SQLite runs one insert per row in-process, where that costs nothing).
    private const string InsertPostgres = """
        INSERT INTO profile_candidate_terms (profile_id, term_key, display, examples)
        SELECT t.profile_id, t.term_key, t.display, t.examples::jsonb
        FROM unnest(@ProfileIds, @Keys, @Displays, @Examples) AS t(profile_id, term_key, display, examples)
        """;

    /// <summary>Replaces the candidate terms of each profile with the given ones, in the caller's transaction.</summary>
    internal static async Task ReplaceAsync(SqlDialect db, DbConnection connection, DbTransaction tx,
        IReadOnlyList<(string ProfileId, IReadOnlyList<CandidateTerm> Terms)> profiles, CancellationToken ct)
    {
        if (profiles.Count == 0) return;
        var rows = profiles
            .SelectMany(p => p.Terms.DistinctBy(t => t.Key, StringComparer.Ordinal).Select(t => (p.ProfileId, Term: t)))
            .ToList();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteOfProfilesPostgres,
                new { ProfileIds = profiles.Select(p => p.ProfileId).ToArray() }, tx, cancellationToken: ct));
            if (rows.Count == 0) return;
            await connection.ExecuteAsync(new CommandDefinition(InsertPostgres, new
            {
                ProfileIds = rows.Select(r => r.ProfileId).ToArray(),
                Keys = rows.Select(r => r.Term.Key).ToArray(),
                Displays = rows.Select(r => r.Term.Display).ToArray(),
                Examples = rows.Select(r => StoredJson.Write(r.Term.Examples).Text).ToArray(),
            }, tx, cancellationToken: ct));
            return;
        }
        await connection.ExecuteAsync(new CommandDefinition(DeleteOfProfile,
            profiles.Select(p => new { p.ProfileId }).ToList(), tx, cancellationToken: ct));
        if (rows.Count == 0) return;
        await connection.ExecuteAsync(new CommandDefinition(Insert,
            rows.Select(r => new { r.ProfileId, r.Term.Key, r.Term.Display, Examples = StoredJson.Write(r.Term.Examples) }).ToList(),
            tx, cancellationToken: ct));
    }

    /// <inheritdoc cref="ReplaceAsync(SqlDialect, DbConnection, DbTransaction, IReadOnlyList{ValueTuple{string, IReadOnlyList{CandidateTerm}}}, CancellationToken)"/>
    internal static Task ReplaceAsync(SqlDialect db, DbConnection connection, DbTransaction tx, string profileId,
        IReadOnlyList<CandidateTerm> terms, CancellationToken ct) =>
        ReplaceAsync(db, connection, tx, [(profileId, terms)], ct);

    // ---- the report ---------------------------------------------------------------------------------------------

    // The primary key leads with the term, so the count is one ordered pass over an index; rejected terms drop out by
    // the stop list's primary key. The cursor is (count, term): counts change between pages, so a term whose count
    // moves may be seen twice or not at all, as with any listing ordered by a moving value.
    private const string ListTerms = """
        SELECT c.term_key AS Key, COUNT(*) AS Profiles
        FROM profile_candidate_terms c
        WHERE NOT EXISTS (SELECT 1 FROM taxonomy_candidate_rejections r WHERE r.term_key = c.term_key)
        GROUP BY c.term_key
        HAVING COUNT(*) >= @MinProfiles
           AND (@First OR COUNT(*) < @AfterCount OR (COUNT(*) = @AfterCount AND c.term_key > @AfterKey))
        ORDER BY COUNT(*) DESC, c.term_key
        LIMIT @Take
        """;

    private const string CountTerm = """
        SELECT COUNT(*)
        FROM profile_candidate_terms c
        WHERE c.term_key = @Key
          AND NOT EXISTS (SELECT 1 FROM taxonomy_candidate_rejections r WHERE r.term_key = c.term_key)
        """;

    // The display and the quotes of one term from its first rows by profile id: a range of the primary key, however many
    // profiles name the term (a GROUP BY over all of a popular term's rows would read every one of them).
    private const string SpellingsOfTerm = """
        SELECT display
        FROM profile_candidate_terms
        WHERE term_key = @Key
        ORDER BY profile_id
        LIMIT @Limit
        """;

    private const string QuotesOfTerm = """
        SELECT examples
        FROM profile_candidate_terms
        WHERE term_key = @Key
        ORDER BY profile_id
        LIMIT @Limit
        """;

    public async Task<Page<CandidateTermSummary>> ListAsync(int minProfiles, int limit, string? cursor, CancellationToken ct)
    {
        var (first, afterCount, afterKey) = DecodeCursor(cursor);
        await using var connection = await db.OpenAsync(ct);
        var counts = (await connection.QueryAsync<CountRow>(new CommandDefinition(ListTerms, new
        {
            MinProfiles = (long)minProfiles, First = first, AfterCount = afterCount, AfterKey = afterKey, Take = limit + 1,
        }, cancellationToken: ct))).AsList();
        var next = counts.Count > limit ? EncodeCursor(counts[limit - 1]) : null;
        if (counts.Count > limit) counts.RemoveRange(limit, counts.Count - limit);
        return new Page<CandidateTermSummary>(await DetailAsync(connection, counts, ct), next);
    }

    public async Task<CandidateTermSummary?> FindAsync(string key, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountTerm, new { Key = key }, cancellationToken: ct));
        if (count == 0) return null;
        return (await DetailAsync(connection, [new CountRow { Key = key, Profiles = count }], ct))[0];
    }

    private static async Task<IReadOnlyList<CandidateTermSummary>> DetailAsync(DbConnection connection, List<CountRow> counts, CancellationToken ct)
    {
        var lines = new List<CandidateTermSummary>(counts.Count);
        foreach (var c in counts)
        {
            var spellings = await connection.QueryAsync<string>(new CommandDefinition(SpellingsOfTerm,
                new { c.Key, Limit = (long)SpellingsSampled }, cancellationToken: ct));
            var display = spellings.GroupBy(d => d, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? c.Key;
            var quotes = await connection.QueryAsync<string>(new CommandDefinition(QuotesOfTerm,
                new { c.Key, Limit = (long)ExamplesShown }, cancellationToken: ct));
            lines.Add(new CandidateTermSummary(c.Key, display, checked((int)c.Profiles), Pick(quotes.Select(StoredJson.Read<List<string>>).ToList())));
        }
        return lines;

        // The first quote of each profile, then the second ones, until three distinct.
        static IReadOnlyList<string> Pick(List<List<string>> perProfile)
        {
            var picked = new List<string>(ExamplesShown);
            for (var round = 0; round < 2 && picked.Count < ExamplesShown; round++)
                foreach (var examples in perProfile)
                    if (round < examples.Count && !picked.Contains(examples[round], StringComparer.Ordinal) && picked.Count < ExamplesShown)
                        picked.Add(examples[round]);
            return picked;
        }
    }

    private static string EncodeCursor(CountRow last) =>
        PageCursor.Encode(last.Profiles.ToString(CultureInfo.InvariantCulture) + " " + last.Key);

    private static (bool First, long AfterCount, string AfterKey) DecodeCursor(string? cursor)
    {
        var after = PageCursor.After(cursor);
        if (after.Length == 0) return (true, 0, "");
        var space = after.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !long.TryParse(after.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || space == after.Length - 1)
            throw new InvalidCursorException();
        return (false, count, after[(space + 1)..]);
    }

    // ---- the stop list and accepted terms -----------------------------------------------------------------------

    private const string InsertRejection = """
        INSERT INTO taxonomy_candidate_rejections (term_key, display, actor, created_at)
        VALUES (@Key, @Display, @Actor, @Now)
        ON CONFLICT (term_key) DO NOTHING
        """;

    public async Task<bool> RejectAsync(string key, string display, string? actor, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var added = await connection.ExecuteAsync(new CommandDefinition(InsertRejection,
            new { Key = key, Display = display, Actor = actor, Now = UtcTime.Now(clock) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return added == 1;
    }

    private const string DeleteTerm = """
        DELETE FROM profile_candidate_terms WHERE term_key = @Key
        """;

    public async Task<int> ForgetAsync(string key, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var forgotten = await connection.ExecuteAsync(new CommandDefinition(DeleteTerm, new { Key = key }, tx, commandTimeout: 600, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return forgotten;
    }

    private sealed class CountRow
    {
        public string Key { get; init; } = "";
        public long Profiles { get; init; }
    }
}
