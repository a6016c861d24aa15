using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;

namespace Matching.Data;

/// <summary>
/// Profiles on either provider. Every write is one transaction that locks the profile row first, replaces the
/// effective skills and appends one change row last, so readers and the match index never see half a profile.
/// </summary>
internal sealed class ProfileStore(SqlDialect db, TimeProvider clock) : IProfileStore
{
    /// <summary>List parameters are sent in chunks (SQLite expands them into one parameter per value).</summary>
    private const int IdsPerQuery = 500;

    private const string ProfileColumns = """
        p.id AS Id, p.external_id AS ExternalId, p.language AS Language, p.experience AS Experience,
        p.created_at AS CreatedAt, p.updated_at AS UpdatedAt, p.extractor_version AS ExtractorVersion,
        p.taxonomy_version AS TaxonomyVersion, p.attributes AS Attributes, p.extracted AS Extracted
        """;

    // ---- writes -------------------------------------------------------------------------------------------------

    // The UPDATE comes first: when the profile exists it both replaces it and takes its row lock, so concurrent
    // writers of one profile queue up instead of recomposing from each other's stale overrides.
    private const string UpdateByExternalId = """
        UPDATE profiles
        SET language = @Language, questionnaire = @Questionnaire, extracted = @Extracted, experience = @Experience,
            extractor_version = @ExtractorVersion, taxonomy_version = @TaxonomyVersion, updated_at = @Now,
            attributes = CASE WHEN @ReplaceAttributes THEN @Attributes ELSE attributes END
        WHERE external_id = @ExternalId
        RETURNING id AS Id, created_at AS CreatedAt, attributes AS Attributes
        """;

    // DO NOTHING (rather than an error) when a concurrent upsert inserted the same external id first: on PostgreSQL
    // the statement waits for that transaction, and the UPDATE above then finds its row.
    private const string InsertProfile = """
        INSERT INTO profiles (id, external_id, language, questionnaire, extracted, experience, extractor_version,
                              taxonomy_version, created_at, updated_at, attributes)
        VALUES (@Id, @ExternalId, @Language, @Questionnaire, @Extracted, @Experience, @ExtractorVersion, @TaxonomyVersion,
                @Now, @Now, @Attributes)
        ON CONFLICT (external_id) DO NOTHING
        """;

    public async Task<(Profile Profile, bool Created)> UpsertAsync(ProfileWrite write, ComposeSkills compose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(compose);
        EnsureStorable(write);
        var now = UtcTime.Now(clock);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var written = await WriteProfileAsync(connection, tx, write, compose, now, ct);
        await CandidateTermStore.ReplaceAsync(db, connection, tx, written.Profile.Id, write.CandidateTerms, ct);
        await AppendChangeAsync(connection, tx, written.Profile.Id, deleted: false, now, ct);
        await tx.CommitAsync(ct);
        return written;
    }

    /// <remarks>
    /// Each profile ends up exactly as <see cref="UpsertAsync"/> would write it; only the round trips differ. On PostgreSQL
    /// the new profiles of the batch go in with one insert of their rows and one binary COPY of all their skills (a batch of
    /// hundreds is a handful of statements, not five per profile); an external id that already exists is updated by
    /// the single-profile path, which keeps its id and recomposes its overrides. The change rows are appended together,
    /// last, so the change feed's lock is held for one statement per batch.
    /// </remarks>
    public async Task<IReadOnlyList<(Profile Profile, bool Created)>> UpsertManyAsync(IReadOnlyList<ProfileWrite> writes,
        ComposeSkills compose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(compose);
        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write, nameof(writes));
            EnsureStorable(write);
        }
        if (writes.Count == 0) return [];
        var now = UtcTime.Now(clock);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var written = new (Profile Profile, bool Created)?[writes.Count];
        if (db.Provider == DatabaseProvider.Postgres) await InsertNewPostgresAsync(connection, tx, writes, compose, now, written, ct);
        for (var i = 0; i < writes.Count; i++)
            written[i] ??= await WriteProfileAsync(connection, tx, writes[i], compose, now, ct);
        await CandidateTermStore.ReplaceAsync(db, connection, tx, written.Select((w, i) => (w!.Value.Profile.Id, writes[i].CandidateTerms)).ToList(), ct);
        await AppendChangesAsync(connection, tx, written.Select(w => w!.Value.Profile.Id).ToList(), now, ct);
        await tx.CommitAsync(ct);
        return written.Select(w => w!.Value).ToList();
    }

    // The rows of UpsertAsync's insert, many at once, with the vector ReplaceSkillsAsync would set. An external id
    // that exists (or comes twice in the batch) is skipped here and updated by the single-profile path after.
    private const string InsertProfilesPostgres = """
        INSERT INTO profiles (id, external_id, language, questionnaire, extracted, experience, skill_vector, extractor_version,
                              taxonomy_version, created_at, updated_at, attributes)
        SELECT t.id, t.external_id, t.language, t.questionnaire, t.extracted, t.experience, t.vector,
               t.extractor_version, t.taxonomy_version, @Now, @Now, t.attributes::jsonb
        FROM unnest(@Ids, @ExternalIds, @Languages, @Questionnaires, @Extracted, @Experience, @Vectors, @ExtractorVersions,
                    @TaxonomyVersions, @Attributes) WITH ORDINALITY
             AS t(id, external_id, language, questionnaire, extracted, experience, vector, extractor_version, taxonomy_version,
                  attributes, n)
        ORDER BY t.n
        ON CONFLICT (external_id) DO NOTHING
        RETURNING id
        """;

    /// <summary>Inserts the batch's new profiles and their skills; fills <paramref name="written"/> for those it inserted.</summary>
    private static async Task InsertNewPostgresAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<ProfileWrite> writes,
        ComposeSkills compose, UtcTime now, (Profile Profile, bool Created)?[] written, CancellationToken ct)
    {
        var ids = writes.Select(_ => NewId()).ToArray();
        var skills = writes.Select(w => compose(w.ExtractedSkills, [])).ToArray();
        var inserted = (await connection.QueryAsync<string>(new CommandDefinition(InsertProfilesPostgres, new
        {
            Ids = ids,
            ExternalIds = writes.Select(w => w.ExternalId).ToArray(),
            Languages = writes.Select(w => w.Language).ToArray(),
            Questionnaires = new JsonbArray(writes.Select(w => StoredJson.WriteUtf8(w.Questionnaire)).ToArray()),
            Extracted = new JsonbArray(writes.Select(w => StoredJson.WriteUtf8(w.ExtractedSkills)).ToArray()),
            Experience = new JsonbArray(writes.Select(w => StoredJson.WriteUtf8(w.Experience)).ToArray()),
            Vectors = skills.Select(SkillVectorText.Encode).ToArray(),
            ExtractorVersions = writes.Select(w => w.Versions.Extractor).ToArray(),
            TaxonomyVersions = writes.Select(w => w.Versions.Taxonomy).ToArray(),
            Attributes = writes.Select(w => NewAttributes(w).Text).ToArray(),
            Now = now,
        }, tx, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);

        // Their skills by binary COPY: a batch's tens of thousands of rows in one stream (rows as ReplaceSkillsAsync writes them).
        await ProfileBulkLoader.CopySkillsAsync((Npgsql.NpgsqlConnection)connection,
            Enumerable.Range(0, writes.Count).Where(i => inserted.Contains(ids[i])).Select(i => (ids[i], skills[i])), ct);

        for (var i = 0; i < writes.Count; i++)
        {
            if (!inserted.Contains(ids[i])) continue;
            var w = writes[i];
            var stored = SearchDocuments.ReadAttributes(NewAttributes(w).Text);
            written[i] = (new Profile(ids[i], w.ExternalId, w.Language, now.Value, now.Value, skills[i], w.Experience, w.Versions,
                stored.Attributes, stored.YearsSource), true);
        }
    }

    /// <summary>The profile row and its skills, inside the caller's transaction; the caller appends the change row.</summary>
    private async Task<(Profile Profile, bool Created)> WriteProfileAsync(DbConnection connection, DbTransaction tx, ProfileWrite write,
        ComposeSkills compose, UtcTime now, CancellationToken ct)
    {
        var values = new
        {
            write.ExternalId,
            write.Language,
            Questionnaire = StoredJson.Write(write.Questionnaire),
            Extracted = StoredJson.Write(write.ExtractedSkills),
            Experience = StoredJson.Write(write.Experience),
            ExtractorVersion = write.Versions.Extractor,
            TaxonomyVersion = write.Versions.Taxonomy,
            Now = now,
            ReplaceAttributes = write.Attributes is not null,
            Attributes = ReplacedAttributes(write),
        };
        for (var attempt = 1; ; attempt++)
        {
            if (write.ExternalId is not null)
            {
                var existing = await connection.QuerySingleOrDefaultAsync<ExistingRow>(
                    new CommandDefinition(UpdateByExternalId, values, tx, cancellationToken: ct));
                if (existing is not null)
                {
                    var overrides = await ReadOverridesAsync(connection, tx, existing.Id, ct);
                    var recomposed = compose(write.ExtractedSkills, overrides);
                    await ReplaceSkillsAsync(connection, tx, existing.Id, recomposed, ct);
                    // Attributes kept (none given): the HR system's stay, the questionnaire's years follow the new questionnaire.
                    var attributesJson = existing.Attributes;
                    if (write.Attributes is null)
                    {
                        attributesJson = SearchDocuments.WriteAttributes(SearchDocuments.ReadAttributes(existing.Attributes).Stated, write.QuestionnaireYears);
                        await connection.ExecuteAsync(new CommandDefinition(SetAttributes,
                            new { Id = existing.Id, Attributes = new DbJson(attributesJson) }, tx, cancellationToken: ct));
                    }
                    var stored = SearchDocuments.ReadAttributes(attributesJson);
                    return (new Profile(existing.Id, write.ExternalId, write.Language, existing.CreatedAt.Value, now.Value,
                        recomposed, write.Experience, write.Versions, stored.Attributes, stored.YearsSource), false);
                }
            }

            var id = NewId();
            var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertProfile,
                new
                {
                    Id = id, values.ExternalId, values.Language, values.Questionnaire, values.Extracted, values.Experience,
                    values.ExtractorVersion, values.TaxonomyVersion, values.Now, Attributes = NewAttributes(write),
                },
                tx, cancellationToken: ct));
            if (inserted == 1)
            {
                var skills = compose(write.ExtractedSkills, []);
                await ReplaceSkillsAsync(connection, tx, id, skills, ct);
                var stored = SearchDocuments.ReadAttributes(NewAttributes(write).Text);
                return (new Profile(id, write.ExternalId, write.Language, now.Value, now.Value, skills, write.Experience, write.Versions,
                    stored.Attributes, stored.YearsSource), true);
            }

            // Lost an insert race and the winner's profile was deleted again before we could update it. Rare; give up
            // after a few rounds rather than spin.
            if (attempt == 3)
                throw new InvalidOperationException(
                    $"The profile with externalId '{write.ExternalId}' kept changing concurrently; the upsert was not applied.");
        }
    }

    private const string SelectQuestionnairesByExternalId = """
        SELECT external_id AS ExternalId, questionnaire AS Questionnaire
        FROM profiles
        WHERE external_id IN @ExternalIds
        """;

    private const string SelectQuestionnairesByExternalIdPostgres = """
        SELECT external_id AS ExternalId, questionnaire AS Questionnaire
        FROM profiles
        WHERE external_id = ANY(@ExternalIds)
        """;

    public async Task<IReadOnlyDictionary<string, Questionnaire>> GetQuestionnairesAsync(IReadOnlyCollection<string> externalIds,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        var found = new Dictionary<string, Questionnaire>(StringComparer.Ordinal);
        if (externalIds.Count == 0) return found;
        var sql = db.Provider == DatabaseProvider.Postgres ? SelectQuestionnairesByExternalIdPostgres : SelectQuestionnairesByExternalId;
        await using var connection = await db.OpenAsync(ct);
        foreach (var chunk in externalIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
        {
            var rows = await connection.QueryAsync<StoredQuestionnaireRow>(
                new CommandDefinition(sql, new { ExternalIds = chunk }, cancellationToken: ct));
            foreach (var row in rows) found[row.ExternalId] = StoredJson.Read<Questionnaire>(row.Questionnaire);
        }
        return found;
    }

    private const string LockForOverrides = """
        UPDATE profiles SET updated_at = @Now
        WHERE id = @Id
        RETURNING external_id AS ExternalId, language AS Language, extracted AS Extracted, experience AS Experience,
                  created_at AS CreatedAt, extractor_version AS ExtractorVersion, taxonomy_version AS TaxonomyVersion,
                  attributes AS Attributes
        """;

    private const string UpsertOverride = """
        INSERT INTO profile_overrides (profile_id, skill_id, level, removed, created_at)
        VALUES (@ProfileId, @SkillId, @Level, @Removed, @Now)
        ON CONFLICT (profile_id, skill_id)
        DO UPDATE SET level = excluded.level, removed = excluded.removed, created_at = excluded.created_at
        """;

    private const string ClearOverride = """
        DELETE FROM profile_overrides WHERE profile_id = @ProfileId AND skill_id = @SkillId
        """;

    /// <remarks>
    /// One stored override per skill: a later one replaces the earlier. An override with neither a level nor a removal
    /// clears the stored override of that skill, so the skill is back to what extraction found.
    /// </remarks>
    public async Task<Profile?> ApplyOverridesAsync(string id, IReadOnlyList<SkillOverride> overrides, ComposeSkills compose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(compose);
        var now = UtcTime.Now(clock);
        var latest = new Dictionary<string, SkillOverride>(StringComparer.Ordinal);
        foreach (var o in overrides)
        {
            StorableText.Ensure(o.SkillId, "skill");
            if (o.Level is { } level && !(level is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(nameof(overrides), level, $"The level of '{o.SkillId}' must be between 0 and 1.");
            latest[o.SkillId] = o;
        }

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var profile = await connection.QuerySingleOrDefaultAsync<OverrideTargetRow>(
            new CommandDefinition(LockForOverrides, new { Id = id, Now = now }, tx, cancellationToken: ct));
        if (profile is null) return null;

        var set = latest.Values.Where(o => o.Remove || o.Level is not null)
            .Select(o => new { ProfileId = id, o.SkillId, Level = o.Remove ? null : o.Level, Removed = o.Remove, Now = now })
            .ToList();
        var cleared = latest.Values.Where(o => !o.Remove && o.Level is null)
            .Select(o => new { ProfileId = id, o.SkillId })
            .ToList();
        if (set.Count > 0) await connection.ExecuteAsync(new CommandDefinition(UpsertOverride, set, tx, cancellationToken: ct));
        if (cleared.Count > 0) await connection.ExecuteAsync(new CommandDefinition(ClearOverride, cleared, tx, cancellationToken: ct));

        var stored = await ReadOverridesAsync(connection, tx, id, ct);
        var extracted = StoredJson.Read<List<ProfileSkill>>(profile.Extracted);
        var skills = compose(extracted, stored);
        await ReplaceSkillsAsync(connection, tx, id, skills, ct);
        await AppendChangeAsync(connection, tx, id, deleted: false, now, ct);
        await tx.CommitAsync(ct);
        return new Profile(id, profile.ExternalId, profile.Language, profile.CreatedAt.Value, now.Value, skills,
            StoredJson.Read<List<Experience>>(profile.Experience), new ExtractionVersions(profile.ExtractorVersion, profile.TaxonomyVersion),
            SearchDocuments.ReadAttributes(profile.Attributes).Attributes, SearchDocuments.ReadAttributes(profile.Attributes).YearsSource);
    }

    // Takes the row lock and reads what the questionnaire said, which the HR system's attributes never replace.
    private const string LockForAttributes = """
        UPDATE profiles SET updated_at = @Now
        WHERE id = @Id
        RETURNING attributes
        """;

    private const string SetAttributes = """
        UPDATE profiles SET attributes = @Attributes WHERE id = @Id
        """;

    /// <remarks>
    /// Takes the row lock with the update itself, then appends the change row, so the match index sees the new attributes
    /// with the next catch-up like any other profile write.
    /// </remarks>
    public async Task<Profile?> ReplaceAttributesAsync(string id, ProfileAttributes attributes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var now = UtcTime.Now(clock);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var found = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(LockForAttributes,
            new { Id = id, Now = now }, tx, cancellationToken: ct));
        if (found is null) return null;
        var questionnaireYears = SearchDocuments.ReadAttributes(found).QuestionnaireYears;
        await connection.ExecuteAsync(new CommandDefinition(SetAttributes,
            new { Id = id, Attributes = new DbJson(SearchDocuments.WriteAttributes(attributes, questionnaireYears)) }, tx, cancellationToken: ct));
        await AppendChangeAsync(connection, tx, id, deleted: false, now, ct);
        var row = await connection.QuerySingleAsync<ProfileRow>(new CommandDefinition(SelectProfile, new { Id = id }, tx, cancellationToken: ct));
        var skills = await ReadSkillsAsync(connection, tx, [(row.Id, row.Extracted)], ct);
        await tx.CommitAsync(ct);
        return ToProfile(row, skills);
    }

    private const string SelectAttributes = """
        SELECT attributes FROM profiles WHERE id = @Id
        """;

    public async Task<ProfileAttributes?> GetStatedAttributesAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectAttributes, new { Id = id }, cancellationToken: ct));
        return json is null ? null : SearchDocuments.ReadAttributes(json).Stated;
    }

    /// <summary>The attributes a newly inserted profile gets: the ones given (else none) and the questionnaire's years.</summary>
    private static DbJson NewAttributes(ProfileWrite write) =>
        new(SearchDocuments.WriteAttributes(write.Attributes, write.QuestionnaireYears));

    /// <summary>The attributes that replace an existing profile's (only used when the write gives attributes).</summary>
    private static DbJson ReplacedAttributes(ProfileWrite write) => NewAttributes(write);

    // Locks the profile row before touching its children, in the same order as every other write (no deadlocks).
    private const string LockForDelete = """
        UPDATE profiles SET updated_at = @Now WHERE id = @Id
        """;

    private const string DeleteProfile = """
        DELETE FROM profile_skills WHERE profile_id = @Id;
        DELETE FROM profile_overrides WHERE profile_id = @Id;
        DELETE FROM profiles WHERE id = @Id;
        """;

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var now = UtcTime.Now(clock);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var found = await connection.ExecuteAsync(new CommandDefinition(LockForDelete, new { Id = id, Now = now }, tx, cancellationToken: ct));
        if (found == 0) return false;
        await connection.ExecuteAsync(new CommandDefinition(DeleteProfile, new { Id = id }, tx, cancellationToken: ct));
        await AppendChangeAsync(connection, tx, id, deleted: true, now, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private const string SelectOverrides = """
        SELECT skill_id AS SkillId, level AS Level, removed AS Removed
        FROM profile_overrides
        WHERE profile_id = @ProfileId
        ORDER BY created_at, skill_id
        """;

    private static async Task<IReadOnlyList<SkillOverride>> ReadOverridesAsync(DbConnection connection, DbTransaction tx, string profileId, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<OverrideRow>(
            new CommandDefinition(SelectOverrides, new { ProfileId = profileId }, tx, cancellationToken: ct));
        return rows.Select(r => new SkillOverride(r.SkillId, r.Level, r.Removed)).ToList();
    }

    private const string DeleteSkills = """
        DELETE FROM profile_skills WHERE profile_id = @ProfileId
        """;

    private const string InsertSkill = """
        INSERT INTO profile_skills (profile_id, skill_id, level, source, via, reason)
        VALUES (@ProfileId, @SkillId, @Level, @Source, @Via, @Reason)
        """;

    // PostgreSQL takes all of a profile's skills in one round trip as parallel arrays; SQLite runs in-process, where
    // a statement per row costs nothing extra.
    private const string InsertSkillsPostgres = """
        INSERT INTO profile_skills (profile_id, skill_id, level, source, via, reason)
        SELECT @ProfileId, t.skill_id, t.level, t.source, t.via, t.reason
        FROM unnest(@SkillIds, @Levels, @Sources, @Vias, @Reasons) AS t(skill_id, level, source, via, reason)
        """;

    private const string UpdateVector = """
        UPDATE profiles SET skill_vector = @Vector WHERE id = @ProfileId
        """;

    /// <summary>
    /// Replaces the profile's skill rows and its <c>skill_vector</c> (the match index's copy) together. The rows carry no
    /// quotes: those are the extracted skills' (in <c>extracted</c>), read back by <see cref="EvidenceOf"/>.
    /// </summary>
    private async Task ReplaceSkillsAsync(DbConnection connection, DbTransaction tx, string profileId,
        IReadOnlyList<ProfileSkill> skills, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(UpdateVector,
            new { ProfileId = profileId, Vector = SkillVectorText.Encode(skills) }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(DeleteSkills, new { ProfileId = profileId }, tx, cancellationToken: ct));
        if (skills.Count == 0) return;
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSkillsPostgres, new
            {
                ProfileId = profileId,
                SkillIds = skills.Select(s => s.SkillId).ToArray(),
                Levels = skills.Select(s => s.Level).ToArray(),
                Sources = skills.Select(s => SkillSources.ToDb(s.Source)).ToArray(),
                Vias = skills.Select(s => s.Via).ToArray(),
                Reasons = skills.Select(s => s.Reason).ToArray(),
            }, tx, cancellationToken: ct));
            return;
        }
        var rows = skills.Select(s => new
        {
            ProfileId = profileId,
            s.SkillId,
            s.Level,
            Source = SkillSources.ToDb(s.Source),
            s.Via,
            s.Reason,
        }).ToList();
        await connection.ExecuteAsync(new CommandDefinition(InsertSkill, rows, tx, cancellationToken: ct));
    }

    private const string InsertChange = """
        INSERT INTO profile_changes (profile_id, deleted, at) VALUES (@ProfileId, @Deleted, @At)
        """;

    /// <summary>Must be the last statement before commit: on PostgreSQL it takes the change-feed lock until then.</summary>
    private async Task AppendChangeAsync(DbConnection connection, DbTransaction tx, string profileId, bool deleted, UtcTime at, CancellationToken ct)
    {
        await db.OrderChangeFeedAsync(connection, tx, ct);
        await connection.ExecuteAsync(new CommandDefinition(InsertChange,
            new { ProfileId = profileId, Deleted = deleted, At = at }, tx, cancellationToken: ct));
    }

    // One statement for a batch's change rows, numbered in the order given (SQLite runs one insert per row in-process).
    private const string InsertChangesPostgres = """
        INSERT INTO profile_changes (profile_id, deleted, at)
        SELECT t.profile_id, false, @At FROM unnest(@ProfileIds) WITH ORDINALITY AS t(profile_id, n) ORDER BY t.n
        """;

    /// <inheritdoc cref="AppendChangeAsync"/>
    private async Task AppendChangesAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<string> profileIds, UtcTime at,
        CancellationToken ct)
    {
        await db.OrderChangeFeedAsync(connection, tx, ct);
        if (db.Provider == DatabaseProvider.Postgres)
            await connection.ExecuteAsync(new CommandDefinition(InsertChangesPostgres,
                new { ProfileIds = profileIds.ToArray(), At = at }, tx, cancellationToken: ct));
        else
            await connection.ExecuteAsync(new CommandDefinition(InsertChange,
                profileIds.Select(id => new { ProfileId = id, Deleted = false, At = at }).ToList(), tx, cancellationToken: ct));
    }

    // ---- re-extraction ------------------------------------------------------------------------------------------

    // Takes the row lock and stamps the new versions, but only while the profile is still the one that was read:
    // updated_at moves with every ingest and override, and an erased profile has no row, so either leaves it alone.
    private const string StampIfUnchanged = """
        UPDATE profiles SET extractor_version = @Extractor, taxonomy_version = @Taxonomy
        WHERE id = @Id AND updated_at = @ReadAt
        RETURNING language AS Language, extracted AS Extracted, experience AS Experience, attributes AS Attributes
        """;

    private const string ReplaceExtraction = """
        UPDATE profiles SET language = @Language, extracted = @Extracted, experience = @Experience, attributes = @Attributes,
                            updated_at = @Now
        WHERE id = @Id
        """;

    /// <summary>
    /// Re-extraction's write of one profile, in the caller's transaction: an ingest's replacement of an existing
    /// profile (its stored overrides re-read and re-applied, skills and vector replaced, a change row last), taken only
    /// while the profile is still the version read at <paramref name="readAt"/>; otherwise nothing is written and the
    /// outcome is <see cref="ReextractionOutcome.Skipped"/>. When extraction and the recomposed skills come out exactly
    /// as stored, only the versions are stamped (no change row; <c>updated_at</c> kept), as
    /// <see cref="ReextractionOutcome.Unchanged"/>. <paramref name="checkpoint"/> runs inside the transaction before
    /// the change row, so the caller's progress commits with the profile or not at all.
    /// </summary>
    internal async Task<ReextractionOutcome> RewriteExtractionAsync(DbConnection connection, DbTransaction tx, string id,
        UtcTime readAt, ExtractedProfile extracted, ExtractionVersions versions, ComposeSkills compose,
        Func<ReextractionOutcome, Task> checkpoint, CancellationToken ct)
    {
        var stored = await connection.QuerySingleOrDefaultAsync<StoredExtractionRow>(new CommandDefinition(StampIfUnchanged,
            new { Id = id, ReadAt = readAt, versions.Extractor, versions.Taxonomy }, tx, cancellationToken: ct));
        if (stored is null) return ReextractionOutcome.Skipped;
        await CandidateTermStore.ReplaceAsync(db, connection, tx, id, extracted.CandidateTerms, ct);

        var newExtracted = extracted.StoredSkills();
        var overrides = await ReadOverridesAsync(connection, tx, id, ct);
        var skills = compose(newExtracted, overrides);
        var current = (await ReadSkillsAsync(connection, tx, [(id, stored.Extracted)], ct)).GetValueOrDefault(id) ?? [];
        // The questionnaire's years follow the new extraction; the HR system's attributes stay as they are.
        var storedAttributes = SearchDocuments.ReadAttributes(stored.Attributes);
        var attributes = SearchDocuments.WriteAttributes(storedAttributes.Stated, extracted.YearsOfExperience);
        var unchanged = string.Equals(stored.Language, extracted.Language, StringComparison.Ordinal)
                        && attributes == SearchDocuments.WriteAttributes(storedAttributes.Stated, storedAttributes.QuestionnaireYears)
                        && SameDocument(stored.Extracted, newExtracted)
                        && SameDocument(stored.Experience, extracted.Experience)
                        && Canonical(current) == Canonical(skills);
        if (unchanged)
        {
            await checkpoint(ReextractionOutcome.Unchanged);
            return ReextractionOutcome.Unchanged;
        }

        var now = UtcTime.Now(clock);
        await connection.ExecuteAsync(new CommandDefinition(ReplaceExtraction, new
        {
            Id = id,
            extracted.Language,
            Extracted = StoredJson.Write(newExtracted),
            Experience = StoredJson.Write(extracted.Experience),
            Attributes = new DbJson(attributes),
            Now = now,
        }, tx, cancellationToken: ct));
        await ReplaceSkillsAsync(connection, tx, id, skills, ct);
        await checkpoint(ReextractionOutcome.Changed);
        await AppendChangeAsync(connection, tx, id, deleted: false, now, ct);
        return ReextractionOutcome.Changed;

        // Stored documents are compared as this code writes them (jsonb reorders keys and spacing).
        static bool SameDocument<T>(string stored, IReadOnlyList<T> value) =>
            StoredJson.Write(StoredJson.Read<IReadOnlyList<T>>(stored)).Text == StoredJson.Write(value).Text;

        static string Canonical(IEnumerable<ProfileSkill> skills) =>
            StoredJson.Write(skills.OrderBy(s => s.SkillId, StringComparer.Ordinal).ToList()).Text;
    }

    // ---- reads --------------------------------------------------------------------------------------------------

    private const string SelectProfile = $"""
        SELECT {ProfileColumns}
        FROM profiles p
        WHERE p.id = @Id
        """;

    public async Task<Profile?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginReadAsync(connection, ct);
        var row = await connection.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(SelectProfile, new { Id = id }, tx, cancellationToken: ct));
        if (row is null) return null;
        var skills = await ReadSkillsAsync(connection, tx, [(row.Id, row.Extracted)], ct);
        return ToProfile(row, skills);
    }

    public async Task<IReadOnlyList<Profile>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return [];
        var sql = $"""
            SELECT {ProfileColumns}
            FROM profiles p
            WHERE {db.IsAnyOf("p.id", "@Ids")}
            """;

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginReadAsync(connection, ct);
        var rows = new List<ProfileRow>(distinct.Count);
        foreach (var chunk in distinct.Chunk(IdsPerQuery))
            rows.AddRange(await connection.QueryAsync<ProfileRow>(new CommandDefinition(sql, new { Ids = chunk }, tx, cancellationToken: ct)));
        var skills = await ReadSkillsAsync(connection, tx, rows.Select(r => (r.Id, r.Extracted)).ToList(), ct);
        return rows.Select(r => ToProfile(r, skills)).ToList();
    }

    // One shape per filter, so that each can use its index: the id order of the primary key, the external id's
    // unique index, or (skill_id, profile_id, level), which yields a skill's holders already in cursor order.
    private const string ListAll = $"""
        SELECT {ProfileColumns}
        FROM profiles p
        WHERE p.id > @After
        ORDER BY p.id
        LIMIT @Take
        """;

    private const string ListByExternalId = $"""
        SELECT {ProfileColumns}
        FROM profiles p
        WHERE p.external_id = @ExternalId AND p.id > @After
          AND (@Skill IS NULL OR EXISTS (
                SELECT 1 FROM profile_skills s
                WHERE s.profile_id = p.id AND s.skill_id = @Skill AND s.level >= @MinLevel))
        ORDER BY p.id
        LIMIT @Take
        """;

    private const string ListBySkill = $"""
        SELECT {ProfileColumns}
        FROM profile_skills s
        JOIN profiles p ON p.id = s.profile_id
        WHERE s.skill_id = @Skill AND s.profile_id > @After AND s.level >= @MinLevel
        ORDER BY s.profile_id
        LIMIT @Take
        """;

    public async Task<Page<Profile>> ListAsync(ProfileQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = PageCursor.After(query.Cursor);
        var limit = Math.Max(1, query.Limit);
        var sql = query.ExternalId is not null ? ListByExternalId : query.Skill is not null ? ListBySkill : ListAll;
        var parameters = new { After = after, query.ExternalId, query.Skill, MinLevel = query.MinLevel ?? 0, Take = limit + 1 };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginReadAsync(connection, ct);
        var rows = (await connection.QueryAsync<ProfileRow>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct))).AsList();
        var next = PageCursor.Next(rows, limit, r => r.Id);
        var skills = await ReadSkillsAsync(connection, tx, rows.Select(r => (r.Id, r.Extracted)).ToList(), ct);
        return new Page<Profile>(rows.Select(r => ToProfile(r, skills)).ToList(), next);
    }

    private const string CountProfiles = """
        SELECT COUNT(*) FROM profiles
        """;

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountProfiles, cancellationToken: ct));
    }

    /// <summary>The same order as <c>SkillVector.Compose</c>: strongest first, explicit before inferred, then by id.</summary>
    private const string SkillOrder = """
        s.level DESC, CASE WHEN s.source = 'inferred' THEN 1 ELSE 0 END, s.skill_id
        """;

    /// <summary>The profiles' skill rows, each with its quotes from the profile's extracted skills (read with the profile's row).</summary>
    private async Task<Dictionary<string, List<ProfileSkill>>> ReadSkillsAsync(DbConnection connection, DbTransaction tx,
        IReadOnlyList<(string Id, string Extracted)> profiles, CancellationToken ct)
    {
        var sql = $"""
            SELECT s.profile_id AS ProfileId, s.skill_id AS SkillId, s.level AS Level, s.source AS Source,
                   s.via AS Via, s.reason AS Reason
            FROM profile_skills s
            WHERE {db.IsAnyOf("s.profile_id", "@Ids")}
            ORDER BY s.profile_id, {SkillOrder}
            """;
        var byProfile = new Dictionary<string, List<ProfileSkill>>(StringComparer.Ordinal);
        foreach (var chunk in profiles.Chunk(IdsPerQuery))
        {
            var evidence = chunk.ToDictionary(p => p.Id, p => EvidenceOf(p.Extracted), StringComparer.Ordinal);
            var rows = await connection.QueryAsync<SkillRow>(new CommandDefinition(sql, new { Ids = chunk.Select(p => p.Id).ToArray() }, tx,
                cancellationToken: ct));
            foreach (var r in rows)
            {
                if (!byProfile.TryGetValue(r.ProfileId, out var list)) byProfile[r.ProfileId] = list = [];
                var source = SkillSources.FromDb(r.Source);
                IReadOnlyList<Evidence> quotes = source != SkillSource.Inferred && evidence.TryGetValue(r.ProfileId, out var bySkill)
                    && bySkill.TryGetValue(r.SkillId, out var found) ? found : [];
                list.Add(new ProfileSkill(r.SkillId, r.Level, source, quotes, r.Reason, r.Via));
            }
        }
        return byProfile;
    }

    /// <summary>
    /// The quotes of a profile's skills, from its extracted skills as stored: a stored skill that is not inferred is its
    /// extracted skill (or a recruiter's override of it, which keeps the quotes), the strongest when one is named twice,
    /// as <c>SkillVector.Compose</c> takes it. A skill a recruiter added has none.
    /// </summary>
    internal static Dictionary<string, IReadOnlyList<Evidence>> EvidenceOf(string extractedJson)
    {
        var bySkill = new Dictionary<string, (double Level, IReadOnlyList<Evidence> Quotes)>(StringComparer.Ordinal);
        foreach (var s in StoredJson.Read<List<ProfileSkill>>(extractedJson) ?? [])
        {
            if (s.Source == SkillSource.Inferred || s.Level <= 0) continue;
            if (!bySkill.TryGetValue(s.SkillId, out var had) || had.Level < s.Level) bySkill[s.SkillId] = (s.Level, s.Evidence);
        }
        var result = new Dictionary<string, IReadOnlyList<Evidence>>(bySkill.Count, StringComparer.Ordinal);
        foreach (var (skill, (_, quotes)) in bySkill)
            if (quotes.Count > 0) result[skill] = quotes;
        return result;
    }

    private static Profile ToProfile(ProfileRow row, Dictionary<string, List<ProfileSkill>> skills) =>
        new(row.Id, row.ExternalId, row.Language, row.CreatedAt.Value, row.UpdatedAt.Value,
            skills.TryGetValue(row.Id, out var list) ? list : [],
            StoredJson.Read<List<Experience>>(row.Experience),
            new ExtractionVersions(row.ExtractorVersion, row.TaxonomyVersion),
            SearchDocuments.ReadAttributes(row.Attributes).Attributes, SearchDocuments.ReadAttributes(row.Attributes).YearsSource);

    // ---- the match index's feed ---------------------------------------------------------------------------------

    private const string VectorColumns = """
        p.id AS ProfileId, p.external_id AS ExternalId, p.skill_vector AS Vector, p.attributes AS Attributes
        """;

    private const string StreamVectors = $"""
        SELECT {VectorColumns}
        FROM profiles p
        ORDER BY p.id
        """;

    /// <remarks>
    /// One statement, read row by row: memory stays flat however many profiles there are, and the result is one
    /// consistent snapshot. To build an index that stays current, read <see cref="CurrentSequenceAsync"/> first,
    /// stream, then replay <see cref="ChangesSinceAsync"/> from that sequence (replaying is idempotent).
    /// </remarks>
    public async IAsyncEnumerable<ProfileVectorRow> StreamVectorsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(StreamVectors, cancellationToken: ct));
        var parse = reader.GetRowParser<VectorRow>();
        while (await reader.ReadAsync(ct)) yield return parse(reader).ToVector();
    }

    public async Task<IReadOnlyList<ProfileVectorRow>> GetVectorsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return [];
        var sql = $"""
            SELECT {VectorColumns}
            FROM profiles p
            WHERE {db.IsAnyOf("p.id", "@Ids")}
            ORDER BY p.id
            """;

        await using var connection = await db.OpenAsync(ct);
        var result = new List<ProfileVectorRow>(distinct.Count);
        foreach (var chunk in distinct.Chunk(IdsPerQuery))
            foreach (var row in await connection.QueryAsync<VectorRow>(new CommandDefinition(sql, new { Ids = chunk }, cancellationToken: ct)))
                result.Add(row.ToVector());
        return result;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Evidence>>>> GetEvidenceAsync(
        IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Evidence>>>(StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        var sql = $"""
            SELECT id AS Id, extracted AS Extracted
            FROM profiles
            WHERE {db.IsAnyOf("id", "@Ids")}
            """;
        await using var connection = await db.OpenAsync(ct);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
            foreach (var row in await connection.QueryAsync<ExtractedRow>(new CommandDefinition(sql, new { Ids = chunk }, cancellationToken: ct)))
                if (EvidenceOf(row.Extracted) is { Count: > 0 } bySkill) found[row.Id] = bySkill;
        return found;
    }

    public Task<LoadedVectors> ReadIndexAsync(SkillTaxonomy taxonomy, CancellationToken ct) => IndexLoader.ReadAsync(db, taxonomy, ct);

    private const string MaxSequence = """
        SELECT COALESCE(MAX(seq), 0) FROM profile_changes
        """;

    public async Task<long> CurrentSequenceAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(MaxSequence, cancellationToken: ct));
    }

    private const string SelectChanges = """
        SELECT seq AS Sequence, profile_id AS ProfileId, deleted AS Deleted
        FROM profile_changes
        WHERE seq > @After
        ORDER BY seq
        LIMIT @Limit
        """;

    public async Task<IReadOnlyList<ProfileChange>> ChangesSinceAsync(long sequence, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ChangeRow>(new CommandDefinition(SelectChanges,
            new { After = sequence, Limit = Math.Max(1, limit) }, cancellationToken: ct));
        return rows.Select(r => new ProfileChange(r.Sequence, r.ProfileId, r.Deleted)).ToList();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /// <summary>Version-7 GUIDs start with the time, so ids sort by creation.</summary>
    private static string NewId() => "p_" + Guid.CreateVersion7().ToString("N");

    private static void EnsureStorable(ProfileWrite write)
    {
        StorableText.EnsureProfile(write.ExternalId, write.Language, write.Questionnaire, write.Experience);
        ArgumentNullException.ThrowIfNull(write.Versions);
        StorableText.Ensure(write.Versions.Extractor, "extractor version");
        StorableText.Ensure(write.Versions.Taxonomy, "taxonomy version");
    }

    private sealed record ExistingRow
    {
        public string Id { get; init; } = "";
        public UtcTime CreatedAt { get; init; }
        public string Attributes { get; init; } = "{}";
    }

    private sealed record StoredQuestionnaireRow
    {
        public string ExternalId { get; init; } = "";
        public string Questionnaire { get; init; } = "{}";
    }

    private sealed record OverrideTargetRow
    {
        public string? ExternalId { get; init; }
        public string Language { get; init; } = "";
        public string Extracted { get; init; } = "[]";
        public string Experience { get; init; } = "[]";
        public UtcTime CreatedAt { get; init; }
        public string ExtractorVersion { get; init; } = "";
        public string TaxonomyVersion { get; init; } = "";
        public string Attributes { get; init; } = "{}";
    }

    private sealed record ProfileRow
    {
        public string Id { get; init; } = "";
        public string? ExternalId { get; init; }
        public string Language { get; init; } = "";
        public string Experience { get; init; } = "[]";
        public UtcTime CreatedAt { get; init; }
        public UtcTime UpdatedAt { get; init; }
        public string ExtractorVersion { get; init; } = "";
        public string TaxonomyVersion { get; init; } = "";
        public string Attributes { get; init; } = "{}";
        /// <summary>The extracted skills, where the stored skills' quotes are (<see cref="EvidenceOf"/>).</summary>
        public string Extracted { get; init; } = "[]";
    }

    private sealed record StoredExtractionRow
    {
        public string Attributes { get; init; } = "{}";
        public string Language { get; init; } = "";
        public string Extracted { get; init; } = "[]";
        public string Experience { get; init; } = "[]";
    }

    private sealed record SkillRow
    {
        public string ProfileId { get; init; } = "";
        public string SkillId { get; init; } = "";
        public double Level { get; init; }
        public string Source { get; init; } = "";
        public string? Via { get; init; }
        public string? Reason { get; init; }
    }

    private sealed record OverrideRow
    {
        public string SkillId { get; init; } = "";
        public double? Level { get; init; }
        public bool Removed { get; init; }
    }

    private sealed record VectorRow
    {
        public string ProfileId { get; init; } = "";
        public string? ExternalId { get; init; }
        public string Vector { get; init; } = "";
        public string Attributes { get; init; } = "{}";

        public ProfileVectorRow ToVector() =>
            new(ProfileId, ExternalId, SkillVectorText.Decode(Vector), SearchDocuments.ReadAttributes(Attributes).Attributes);
    }

    private sealed record ExtractedRow
    {
        public string Id { get; init; } = "";
        public string Extracted { get; init; } = "[]";
    }

    private sealed record ChangeRow
    {
        public long Sequence { get; init; }
        public string ProfileId { get; init; } = "";
        public bool Deleted { get; init; }
    }
}
