using System.Text.Json;
using Dapper;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>
/// The profile store's contract, run against SQLite and PostgreSQL alike. The class's database is shared by its
/// tests, so each test works with its own external ids and checks only what it wrote.
/// </summary>
public abstract class ProfileStoreTests(DatabaseFixture fixture)
{
    private readonly MatchingDatabase _db = fixture.Db;
    private IProfileStore Profiles => _db.Profiles;
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Inserted_profile_reads_back_with_skills_evidence_offsets_and_experience()
    {
        var write = Write(NewExternalId(), ("pytorch", 0.75), ("python", 1.0));

        var (created, isNew) = await Profiles.UpsertAsync(write, Compose, Ct);
        var read = await Profiles.GetAsync(created.Id, Ct);

        Assert.True(isNew);
        Assert.StartsWith("p_", created.Id);
        Assert.NotNull(read);
        Assert.Equal(write.ExternalId, read.ExternalId);
        Assert.Equal("ru", read.Language);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(created.UpdatedAt, read.UpdatedAt);
        Assert.Equal([new Experience("Acme", "ML Engineer")], read.Experience);
        Assert.Equal(created.Skills.Select(Describe), read.Skills.Select(Describe));

        var pytorch = read.Skills.Single(s => s.SkillId == "pytorch");
        Assert.Equal(SkillSource.Mentioned, pytorch.Source);
        Assert.Equal(0.75, pytorch.Level);
        var evidence = Assert.Single(pytorch.Evidence);
        Assert.Equal(write.ExtractedSkills.Single(s => s.SkillId == "pytorch").Evidence[0], evidence);
        Assert.Equal(evidence.Quote, write.Questionnaire.Content![evidence.Start..evidence.End]);

        var inferred = read.Skills.Single(s => s.SkillId == "deep-learning");
        Assert.Equal((SkillSource.Inferred, "pytorch", 0.75), (inferred.Source, inferred.Via, inferred.Level));
        Assert.Contains(read.Skills, s => s.SkillId == "machine-learning" && s.Source == SkillSource.Inferred);
    }

    [Fact]
    public async Task Skills_read_back_strongest_first_like_Compose_orders_them()
    {
        var (created, _) = await Profiles.UpsertAsync(Write(null, ("sql", 0.25), ("yolo", 0.5), ("docker", 1.0), ("mysql", 0.5)), Compose, Ct);

        var read = await Profiles.GetAsync(created.Id, Ct);

        Assert.Equal(created.Skills.Select(s => s.SkillId), read!.Skills.Select(s => s.SkillId));
    }

    [Fact]
    public async Task Times_are_utc_and_read_back_exactly()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (created, _) = await Profiles.UpsertAsync(Write(null, ("python", 0.5)), Compose, Ct);
        var read = await Profiles.GetAsync(created.Id, Ct);

        Assert.Equal(TimeSpan.Zero, read!.CreatedAt.Offset);
        Assert.Equal(TimeSpan.Zero, read.UpdatedAt.Offset);
        Assert.Equal(created.CreatedAt.UtcTicks, read.CreatedAt.UtcTicks);
        Assert.InRange(read.CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Upsert_with_same_external_id_keeps_id_created_at_and_overrides()
    {
        var externalId = NewExternalId();
        var (first, _) = await Profiles.UpsertAsync(Write(externalId, ("pytorch", 0.5), ("mysql", 0.5)), Compose, Ct);
        await Profiles.ApplyOverridesAsync(first.Id, [new SkillOverride("docker", 0.75, false), new SkillOverride("mysql", null, true)], Compose, Ct);

        var (second, created) = await Profiles.UpsertAsync(Write(externalId, ("python", 1.0), ("mysql", 0.75)), Compose, Ct);
        var read = await Profiles.GetAsync(first.Id, Ct);

        Assert.False(created);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.CreatedAt, read!.CreatedAt);
        Assert.True(read.UpdatedAt >= first.UpdatedAt);
        Assert.Equal(second.UpdatedAt, read.UpdatedAt);
        var ids = read.Skills.Select(s => s.SkillId).ToHashSet();
        Assert.Contains("python", ids);                // the new extraction
        Assert.DoesNotContain("pytorch", ids);         // the old extraction is gone
        Assert.DoesNotContain("deep-learning", ids);   // and so is what it implied
        Assert.DoesNotContain("mysql", ids);           // removed by a recruiter, even though mentioned again
        Assert.Equal(SkillSource.Manual, read.Skills.Single(s => s.SkillId == "docker").Source);
        Assert.Single((await Profiles.ListAsync(new ProfileQuery(externalId, null, null, 10, null), Ct)).Items);
    }

    [Fact]
    public async Task Upsert_without_external_id_always_creates_a_new_profile()
    {
        var (a, createdA) = await Profiles.UpsertAsync(Write(null, ("python", 0.5)), Compose, Ct);
        var (b, createdB) = await Profiles.UpsertAsync(Write(null, ("python", 0.5)), Compose, Ct);

        Assert.True(createdA && createdB);
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public async Task Concurrent_upserts_of_a_new_external_id_create_one_profile()
    {
        var externalId = NewExternalId();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Profiles.UpsertAsync(Write(externalId, ("python", 0.25 + i * 0.05)), Compose, Ct))));

        Assert.Single(results.Select(r => r.Profile.Id).Distinct());
        Assert.Single(results, r => r.Created);
        var page = await Profiles.ListAsync(new ProfileQuery(externalId, null, null, 10, null), Ct);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_nothing_behind()
    {
        var externalId = NewExternalId();
        var count = await Profiles.CountAsync(Ct);
        var sequence = await Profiles.CurrentSequenceAsync(Ct);
        // The profile row and the first skill are written before the duplicate skill violates the primary key.
        ComposeSkills failing = (extracted, overrides) => [.. Compose(extracted, overrides), Compose(extracted, overrides)[0]];

        await Assert.ThrowsAnyAsync<Exception>(() => Profiles.UpsertAsync(Write(externalId, ("python", 0.5)), failing, Ct));

        Assert.Equal(count, await Profiles.CountAsync(Ct));
        Assert.Equal(sequence, await Profiles.CurrentSequenceAsync(Ct));
        Assert.Empty((await Profiles.ListAsync(new ProfileQuery(externalId, null, null, 10, null), Ct)).Items);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM profile_skills WHERE profile_id NOT IN (SELECT id FROM profiles)"));
    }

    [Fact]
    public async Task A_failed_update_keeps_the_previous_version()
    {
        var externalId = NewExternalId();
        var (original, _) = await Profiles.UpsertAsync(Write(externalId, ("pytorch", 0.5)), Compose, Ct);
        ComposeSkills failing = (_, _) => throw new InvalidOperationException("composition failed");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Profiles.UpsertAsync(Write(externalId, ("python", 1.0)), failing, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Profiles.ApplyOverridesAsync(original.Id, [new SkillOverride("docker", 1, false)], failing, Ct));

        var read = await Profiles.GetAsync(original.Id, Ct);
        Assert.Equal(original.UpdatedAt, read!.UpdatedAt);
        Assert.Equal(original.Skills.Select(Describe), read.Skills.Select(Describe));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM profile_overrides WHERE profile_id = @Id", new { original.Id }));
    }

    [Fact]
    public async Task Overrides_set_add_and_remove_skills_and_recompose_what_they_imply()
    {
        var (profile, _) = await Profiles.UpsertAsync(Write(NewExternalId(), ("pytorch", 0.5), ("mysql", 0.5)), Compose, Ct);

        var updated = await Profiles.ApplyOverridesAsync(profile.Id,
        [
            new SkillOverride("pytorch", 1.0, false),   // set a level
            new SkillOverride("rag", 0.75, false),      // add a skill
            new SkillOverride("mysql", null, true),     // remove one
        ], Compose, Ct);
        var read = await Profiles.GetAsync(profile.Id, Ct);

        Assert.NotNull(updated);
        Assert.Equal(updated.Skills.Select(Describe), read!.Skills.Select(Describe));
        var pytorch = read.Skills.Single(s => s.SkillId == "pytorch");
        Assert.Equal((1.0, SkillSource.Manual), (pytorch.Level, pytorch.Source));
        Assert.NotEmpty(pytorch.Evidence); // a recruiter's level keeps the evidence of the mention
        Assert.Equal(SkillSource.Manual, read.Skills.Single(s => s.SkillId == "rag").Source);
        Assert.Equal(SkillSource.Inferred, read.Skills.Single(s => s.SkillId == "nlp").Source);
        Assert.Equal(1.0, read.Skills.Single(s => s.SkillId == "deep-learning").Level);
        Assert.DoesNotContain(read.Skills, s => s.SkillId is "mysql" or "sql");
        Assert.True(read.UpdatedAt >= profile.UpdatedAt);
        Assert.Equal(profile.CreatedAt, read.CreatedAt);
    }

    [Fact]
    public async Task The_quotes_of_match_explanations_are_the_profiles_own_after_overrides()
    {
        var (profile, _) = await Profiles.UpsertAsync(Write(NewExternalId(), ("pytorch", 0.5), ("mysql", 0.5), ("docker", 0.75)), Compose, Ct);
        await Profiles.ApplyOverridesAsync(profile.Id,
            [new SkillOverride("pytorch", 1.0, false), new SkillOverride("rag", 0.75, false), new SkillOverride("mysql", null, true)], Compose, Ct);

        var read = await Profiles.GetAsync(profile.Id, Ct);
        var quotes = (await Profiles.GetEvidenceAsync([profile.Id, "p_missing"], Ct))[profile.Id];

        // Every stored skill with quotes has the same ones for /match; a skill a recruiter added and the inferred ones have none.
        foreach (var skill in read!.Skills.Where(s => s.Evidence.Count > 0))
            Assert.Equal(skill.Evidence, quotes[skill.SkillId]);
        Assert.Equal(["docker", "pytorch"], read.Skills.Where(s => s.Evidence.Count > 0).Select(s => s.SkillId).Order());
        Assert.Empty(read.Skills.Single(s => s.SkillId == "rag").Evidence);
        Assert.All(read.Skills.Where(s => s.Source == SkillSource.Inferred), s => Assert.Empty(s.Evidence));
        Assert.False(quotes.ContainsKey("rag"));
    }

    [Fact]
    public async Task A_later_override_of_a_skill_replaces_the_earlier_one()
    {
        var (profile, _) = await Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);

        await Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("docker", 0.25, false)], Compose, Ct);
        await Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("python", null, true)], Compose, Ct);
        await Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("docker", 0.75, false), new SkillOverride("python", 0.25, false)], Compose, Ct);
        var read = await Profiles.GetAsync(profile.Id, Ct);

        Assert.Equal(0.75, read!.Skills.Single(s => s.SkillId == "docker").Level);
        Assert.Equal((0.25, SkillSource.Manual), read.Skills.Where(s => s.SkillId == "python").Select(s => (s.Level, s.Source)).Single());
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM profile_overrides WHERE profile_id = @Id", new { profile.Id }));
    }

    [Fact]
    public async Task An_override_without_level_or_removal_returns_the_skill_to_what_extraction_found()
    {
        var (profile, _) = await Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);
        await Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("python", null, true)], Compose, Ct);

        var restored = await Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("python", null, false)], Compose, Ct);

        var python = restored!.Skills.Single(s => s.SkillId == "python");
        Assert.Equal((0.5, SkillSource.Mentioned), (python.Level, python.Source));
    }

    [Fact]
    public async Task An_override_level_outside_0_to_1_is_refused_and_nothing_changes()
    {
        var (profile, _) = await Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("docker", 0.5, false), new SkillOverride("python", 1.5, false)], Compose, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("python", double.NaN, false)], Compose, Ct));

        Assert.Equal(profile.Skills.Select(Describe), (await Profiles.GetAsync(profile.Id, Ct))!.Skills.Select(Describe));
    }

    [Fact]
    public async Task Overrides_of_an_unknown_profile_return_null_and_write_nothing()
    {
        var sequence = await Profiles.CurrentSequenceAsync(Ct);

        var result = await Profiles.ApplyOverridesAsync("p_missing", [new SkillOverride("python", 1, false)], Compose, Ct);

        Assert.Null(result);
        Assert.Equal(sequence, await Profiles.CurrentSequenceAsync(Ct));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM profile_overrides WHERE profile_id = 'p_missing'"));
    }

    [Fact]
    public async Task Delete_erases_the_profile_its_questionnaire_skills_and_overrides()
    {
        var externalId = NewExternalId();
        var (profile, _) = await Profiles.UpsertAsync(Write(externalId, ("pytorch", 0.5)), Compose, Ct);
        await Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("docker", 0.5, false)], Compose, Ct);

        Assert.True(await Profiles.DeleteAsync(profile.Id, Ct));

        Assert.Null(await Profiles.GetAsync(profile.Id, Ct));
        Assert.Empty((await Profiles.ListAsync(new ProfileQuery(externalId, null, null, 10, null), Ct)).Items);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM profiles WHERE id = @Id", new { profile.Id }));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM profile_skills WHERE profile_id = @Id", new { profile.Id }));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM profile_overrides WHERE profile_id = @Id", new { profile.Id }));
        Assert.False(await Profiles.DeleteAsync(profile.Id, Ct));

        // The external id is free again: ingesting it creates a new profile.
        var (again, created) = await Profiles.UpsertAsync(Write(externalId, ("python", 0.5)), Compose, Ct);
        Assert.True(created);
        Assert.NotEqual(profile.Id, again.Id);
    }

    [Fact]
    public async Task List_filters_by_external_id()
    {
        var externalId = NewExternalId();
        var (profile, _) = await Profiles.UpsertAsync(Write(externalId, ("python", 0.5)), Compose, Ct);
        await Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);

        var page = await Profiles.ListAsync(new ProfileQuery(externalId, null, null, 50, null), Ct);
        var withSkill = await Profiles.ListAsync(new ProfileQuery(externalId, "python", 0.5, 50, null), Ct);
        var tooHigh = await Profiles.ListAsync(new ProfileQuery(externalId, "python", 0.75, 50, null), Ct);

        Assert.Equal([profile.Id], page.Items.Select(p => p.Id));
        Assert.Null(page.NextCursor);
        Assert.Equal([profile.Id], withSkill.Items.Select(p => p.Id));
        Assert.Empty(tooHigh.Items);
        Assert.NotEmpty(page.Items[0].Skills);
    }

    [Fact]
    public async Task List_filters_by_skill_at_or_above_a_level_whatever_its_source()
    {
        var strong = (await Profiles.UpsertAsync(Write(NewExternalId(), ("kubernetes", 0.75)), Compose, Ct)).Profile;
        var weak = (await Profiles.UpsertAsync(Write(NewExternalId(), ("kubernetes", 0.25)), Compose, Ct)).Profile;
        var manual = (await Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct)).Profile;
        await Profiles.ApplyOverridesAsync(manual.Id, [new SkillOverride("kubernetes", 1.0, false)], Compose, Ct);
        var inferred = (await Profiles.UpsertAsync(Write(NewExternalId(), ("yolo", 0.75)), Compose, Ct)).Profile;

        var atHalf = await AllPagesAsync(new ProfileQuery(null, "kubernetes", 0.5, 200, null));
        var any = await AllPagesAsync(new ProfileQuery(null, "kubernetes", null, 200, null));
        var computerVision = await AllPagesAsync(new ProfileQuery(null, "computer-vision", 0.75, 200, null));

        Assert.Contains(strong.Id, atHalf);
        Assert.Contains(manual.Id, atHalf);
        Assert.DoesNotContain(weak.Id, atHalf);
        Assert.Contains(weak.Id, any);
        Assert.Contains(inferred.Id, computerVision);
        Assert.Equal(atHalf.Order(StringComparer.Ordinal), atHalf);
    }

    [Fact]
    public async Task List_pages_by_cursor_without_duplicates_or_gaps()
    {
        var ids = new List<string>();
        for (var i = 0; i < 23; i++)
            ids.Add((await Profiles.UpsertAsync(Write(NewExternalId(), ("rare-skill", 0.5)), Compose, Ct)).Profile.Id);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Profiles.ListAsync(new ProfileQuery(null, "rare-skill", null, 5, cursor), Ct);
            Assert.InRange(page.Items.Count, 1, 5);
            seen.AddRange(page.Items.Select(p => p.Id));
            cursor = page.NextCursor;
            pages++;
            if (pages == 2) // writes between pages must not shift what the next page holds
                await Profiles.UpsertAsync(Write(NewExternalId(), ("rare-skill", 0.5)), Compose, Ct);
        } while (cursor is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Empty(ids.Except(seen));
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.InRange(seen.Count, 23, 24);
        Assert.Equal(5, pages);

        var all = await AllPagesAsync(new ProfileQuery(null, null, null, 7, null));
        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Equal(await Profiles.CountAsync(Ct), all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task List_rejects_a_cursor_it_did_not_issue()
    {
        Assert.False(PageCursor.IsValid("not a cursor!"));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Profiles.ListAsync(new ProfileQuery(null, null, null, 10, "%%%"), Ct));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Profiles.ListAsync(new ProfileQuery(null, null, null, 10, PageCursor.Encode("p_1\n")), Ct));
    }

    [Fact]
    public async Task GetMany_returns_the_known_profiles_and_skips_unknown_ids()
    {
        var a = (await Profiles.UpsertAsync(Write(null, ("python", 0.5)), Compose, Ct)).Profile;
        var b = (await Profiles.UpsertAsync(Write(null, ("sql", 0.5)), Compose, Ct)).Profile;

        var many = await Profiles.GetManyAsync([a.Id, "p_unknown", b.Id, a.Id], Ct);

        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), many.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(b.Skills.Select(Describe), many.Single(p => p.Id == b.Id).Skills.Select(Describe));
        Assert.Empty(await Profiles.GetManyAsync([], Ct));
    }

    [Fact]
    public async Task UpsertMany_stores_each_profile_as_Upsert_would_with_one_change_row_each()
    {
        var existing = NewExternalId("many");
        var (before, _) = await Profiles.UpsertAsync(Write(existing, ("pytorch", 0.5)), Compose, Ct);
        await Profiles.ApplyOverridesAsync(before.Id, [new SkillOverride("docker", 0.75, false)], Compose, Ct);
        var fresh = Enumerable.Range(0, 3).Select(_ => NewExternalId("many")).ToList();
        var sequence = await Profiles.CurrentSequenceAsync(Ct);

        var written = await Profiles.UpsertManyAsync(
            [Write(fresh[0], ("python", 1.0)), Write(existing, ("sql", 0.75)), Write(fresh[1], ("yolo", 0.5)), Write(null, ("mysql", 0.25)),
             Write(fresh[2], ("python", 0.25)), Write(fresh[2], ("python", 0.75))],
            Compose, Ct);

        Assert.Equal([true, false, true, true, true, false], written.Select(w => w.Created));
        Assert.Equal(before.Id, written[1].Profile.Id);
        Assert.Equal(written[4].Profile.Id, written[5].Profile.Id);     // the same externalId twice: the later one updates
        foreach (var (profile, _) in written.Where((_, i) => i != 4))   // 4 was superseded by 5
        {
            var read = await Profiles.GetAsync(profile.Id, Ct);
            Assert.Equal(profile.Skills.Select(Describe), read!.Skills.Select(Describe));
        }
        var updated = await Profiles.GetAsync(before.Id, Ct);
        Assert.Contains(updated!.Skills, s => s.SkillId == "sql");
        Assert.DoesNotContain(updated.Skills, s => s.SkillId == "pytorch");
        Assert.Equal(SkillSource.Manual, updated.Skills.Single(s => s.SkillId == "docker").Source);   // overrides survive
        Assert.Equal(0.75, (await Profiles.GetAsync(written[5].Profile.Id, Ct))!.Skills.Single(s => s.SkillId == "python").Level);
        var vectors = await Profiles.GetVectorsAsync(written.Select(w => w.Profile.Id).ToList(), Ct);
        Assert.Equal(written.Select(w => w.Profile.Id).Distinct().Order(StringComparer.Ordinal), vectors.Select(v => v.ProfileId));
        Assert.All(vectors, v => Assert.NotEmpty(v.Skills));
        var changes = await Profiles.ChangesSinceAsync(sequence, 100, Ct);
        Assert.Equal(written.Select(w => w.Profile.Id), changes.Select(c => c.ProfileId));
    }

    [Fact]
    public async Task UpsertMany_stores_all_or_nothing()
    {
        var externalIds = Enumerable.Range(0, 3).Select(_ => NewExternalId("many")).ToList();
        var count = await Profiles.CountAsync(Ct);
        var sequence = await Profiles.CurrentSequenceAsync(Ct);
        var poisoned = Write(externalIds[2], ("python", 0.5)) with { Language = "r\0u" };

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Profiles.UpsertManyAsync([Write(externalIds[0], ("python", 0.5)), Write(externalIds[1], ("sql", 0.5)), poisoned], Compose, Ct));
        // The database refuses the last profile (a skill row twice) after the others were written in the same transaction.
        ComposeSkills failing = (extracted, overrides) => extracted.Any(s => s.SkillId == "yolo")
            ? [.. Compose(extracted, overrides), Compose(extracted, overrides)[0]]
            : Compose(extracted, overrides);
        await Assert.ThrowsAnyAsync<Exception>(() =>
            Profiles.UpsertManyAsync([Write(externalIds[0], ("python", 0.5)), Write(externalIds[1], ("yolo", 0.5))], failing, Ct));

        Assert.Equal(count, await Profiles.CountAsync(Ct));
        Assert.Equal(sequence, await Profiles.CurrentSequenceAsync(Ct));
        Assert.Empty(await Profiles.GetQuestionnairesAsync(externalIds, Ct));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM profile_skills WHERE profile_id NOT IN (SELECT id FROM profiles)"));
    }

    [Fact]
    public async Task GetQuestionnaires_returns_the_stored_questionnaire_of_each_known_external_id()
    {
        var markdown = NewExternalId("q");
        var qa = NewExternalId("q");
        await Profiles.UpsertAsync(Write(markdown, ("python", 0.5)), Compose, Ct);
        var answers = Write(qa, ("python", 0.5)) with
        {
            Questionnaire = Questionnaire.Qa(new QaAnswer("Какие языки?", "Python — «основной», ёжик"), new QaAnswer("", "SQL")),
        };
        await Profiles.UpsertAsync(answers, Compose, Ct);

        var found = await Profiles.GetQuestionnairesAsync([markdown, qa, NewExternalId("absent")], Ct);

        Assert.Equal(new[] { markdown, qa }.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Write(markdown, ("python", 0.5)).Questionnaire.Content, found[markdown].Content);
        Assert.Equal(QuestionnaireFormat.Qa, found[qa].Format);
        Assert.Equal(answers.Questionnaire.Answers, found[qa].Answers);
    }

    [Fact]
    public async Task Every_write_advances_the_change_sequence_and_changes_replay_in_order()
    {
        var start = await Profiles.CurrentSequenceAsync(Ct);
        var externalId = NewExternalId();

        var (profile, _) = await Profiles.UpsertAsync(Write(externalId, ("python", 0.5)), Compose, Ct);
        var afterInsert = await Profiles.CurrentSequenceAsync(Ct);
        await Profiles.UpsertAsync(Write(externalId, ("python", 0.75)), Compose, Ct);
        await Profiles.ApplyOverridesAsync(profile.Id, [new SkillOverride("sql", 0.5, false)], Compose, Ct);
        await Profiles.DeleteAsync(profile.Id, Ct);
        var end = await Profiles.CurrentSequenceAsync(Ct);

        Assert.True(afterInsert > start);
        var changes = await Profiles.ChangesSinceAsync(start, 100, Ct);
        Assert.Equal(
            [(profile.Id, false), (profile.Id, false), (profile.Id, false), (profile.Id, true)],
            changes.Select(c => (c.ProfileId, c.Deleted)));
        Assert.Equal(changes.Select(c => c.Sequence).Order(), changes.Select(c => c.Sequence));
        Assert.Equal(end, changes[^1].Sequence);
        Assert.Equal(changes.Take(2), await Profiles.ChangesSinceAsync(start, 2, Ct));
        Assert.Equal(changes.Skip(2), await Profiles.ChangesSinceAsync(changes[1].Sequence, 100, Ct));
        Assert.Empty(await Profiles.ChangesSinceAsync(end, 100, Ct));
    }

    [Fact]
    public async Task A_poller_following_the_change_sequence_misses_no_concurrent_write()
    {
        var start = await Profiles.CurrentSequenceAsync(Ct);
        var seen = new List<long>();
        using var writersDone = new CancellationTokenSource();

        var poller = Task.Run(async () =>
        {
            var last = start;
            while (true)
            {
                var finished = writersDone.IsCancellationRequested;
                foreach (var change in await Profiles.ChangesSinceAsync(last, 1000, Ct))
                {
                    seen.Add(change.Sequence);
                    last = change.Sequence;
                }
                if (finished) return;
            }
        });
        var writers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var (p, _) = await Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);
                if (i % 3 == 0) await Profiles.ApplyOverridesAsync(p.Id, [new SkillOverride("docker", 0.5, false)], Compose, Ct);
            }
        })).ToList();
        await Task.WhenAll(writers);
        await writersDone.CancelAsync();
        await poller;

        var all = (await Profiles.ChangesSinceAsync(start, 10_000, Ct)).Select(c => c.Sequence).ToList();
        Assert.Equal(6 * (10 + 4), all.Count);
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task StreamVectors_yields_every_profile_once_in_id_order_with_its_effective_skills()
    {
        var (withSkills, _) = await Profiles.UpsertAsync(Write(NewExternalId(), ("pytorch", 0.75)), Compose, Ct);
        var (empty, _) = await Profiles.UpsertAsync(Write(NewExternalId()), Compose, Ct);
        await Profiles.ApplyOverridesAsync(withSkills.Id, [new SkillOverride("docker", 0.5, false)], Compose, Ct);

        var rows = new List<ProfileVectorRow>();
        await foreach (var row in Profiles.StreamVectorsAsync(Ct)) rows.Add(row);

        Assert.Equal(await Profiles.CountAsync(Ct), rows.Count);
        Assert.Equal(rows.Select(r => r.ProfileId).Order(StringComparer.Ordinal), rows.Select(r => r.ProfileId));
        Assert.Equal(rows.Count, rows.Select(r => r.ProfileId).Distinct().Count());
        var vector = rows.Single(r => r.ProfileId == withSkills.Id);
        Assert.Equal(withSkills.ExternalId, vector.ExternalId);
        Assert.Contains(("pytorch", 0.75, SkillSource.Mentioned, (string?)null), vector.Skills);
        Assert.Contains(("deep-learning", 0.75, SkillSource.Inferred, (string?)"pytorch"), vector.Skills);
        Assert.Contains(("docker", 0.5, SkillSource.Manual, (string?)null), vector.Skills);
        Assert.Empty(rows.Single(r => r.ProfileId == empty.Id).Skills);
    }

    [Fact]
    public async Task GetVectors_returns_the_requested_profiles_and_skips_deleted_ones()
    {
        var (a, _) = await Profiles.UpsertAsync(Write(null, ("python", 0.5)), Compose, Ct);
        var (b, _) = await Profiles.UpsertAsync(Write(null, ("postgresql", 0.75)), Compose, Ct);
        var (gone, _) = await Profiles.UpsertAsync(Write(null, ("docker", 0.5)), Compose, Ct);
        await Profiles.DeleteAsync(gone.Id, Ct);

        var vectors = await Profiles.GetVectorsAsync([b.Id, gone.Id, a.Id], Ct);

        // In id order; two ids made in one millisecond need not sort in creation order.
        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), vectors.Select(v => v.ProfileId));
        Assert.Equal(
            [("postgresql", 0.75, SkillSource.Mentioned, (string?)null), ("sql", 0.75, SkillSource.Inferred, (string?)"postgresql")],
            vectors.Single(v => v.ProfileId == b.Id).Skills);
    }

    [Fact]
    public async Task Unicode_text_round_trips()
    {
        const string content = "## Опыт работы\nЁлки, 数据库 и 🚀: PyTorch — «лучший»\n";
        var start = content.IndexOf("PyTorch", StringComparison.Ordinal);
        var write = new ProfileWrite(NewExternalId("кадры-ёж-😀"), Questionnaire.Markdown(content), "ru",
            [new ProfileSkill("pytorch", 0.5, SkillSource.Mentioned, [new Evidence("Опыт работы", "PyTorch — «лучший»", start, start + 18)], "упомянут")],
            [new Experience("ООО «Ромашка» 🌼", "Инженер-исследователь")], ExtractionVersions.Current(Taxonomy));

        var (profile, _) = await Profiles.UpsertAsync(write, Compose, Ct);
        var read = await Profiles.GetAsync(profile.Id, Ct);
        var byExternalId = await Profiles.ListAsync(new ProfileQuery(write.ExternalId, null, null, 1, null), Ct);

        Assert.Equal(write.ExternalId, read!.ExternalId);
        Assert.Equal(write.Experience, read.Experience);
        var pytorch = read.Skills.Single(s => s.SkillId == "pytorch");
        Assert.Equal("упомянут", pytorch.Reason);
        Assert.Equal(write.ExtractedSkills[0].Evidence, pytorch.Evidence);
        Assert.Equal(profile.Id, Assert.Single(byExternalId.Items).Id);
        var stored = await QuestionnaireJsonAsync(profile.Id);
        Assert.Contains("«лучший»", stored); // readable in the database, not \u-escaped
        Assert.Equal(content, JsonDocument.Parse(stored).RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Qa_questionnaires_are_stored_as_sent()
    {
        var write = Write(NewExternalId(), ("python", 0.5)) with
        {
            Questionnaire = Questionnaire.Qa(new QaAnswer("Ваш стек?", "Python, SQL"), new QaAnswer("Опыт?", "5 лет")),
        };

        var (profile, _) = await Profiles.UpsertAsync(write, Compose, Ct);

        var stored = await QuestionnaireJsonAsync(profile.Id);
        Assert.Contains("\"format\":\"qa\"", stored.Replace(" ", ""));
        Assert.Contains("Ваш стек?", stored);
        Assert.DoesNotContain("length", stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Text_with_a_NUL_character_is_refused_before_anything_is_written()
    {
        var count = await Profiles.CountAsync(Ct);
        var write = Write(NewExternalId(), ("python", 0.5)) with { Questionnaire = Questionnaire.Text("Python\0") };

        await Assert.ThrowsAsync<ArgumentException>(() => Profiles.UpsertAsync(write, Compose, Ct));

        Assert.Equal(count, await Profiles.CountAsync(Ct));
    }

    [Fact]
    public async Task An_absurdly_long_external_id_is_refused_as_an_argument_error()
    {
        var write = Write(new string('x', 5000), ("python", 0.5));

        var e = await Assert.ThrowsAsync<ArgumentException>(() => Profiles.UpsertAsync(write, Compose, Ct));

        Assert.Equal("externalId", e.ParamName);
    }

    [Fact]
    public async Task Count_counts_stored_profiles()
    {
        var before = await Profiles.CountAsync(Ct);
        var (p, _) = await Profiles.UpsertAsync(Write(null, ("python", 0.5)), Compose, Ct);
        await Profiles.UpsertAsync(Write(null, ("python", 0.5)), Compose, Ct);
        await Profiles.DeleteAsync(p.Id, Ct);

        Assert.Equal(before + 1, await Profiles.CountAsync(Ct));
    }

    private static string Describe(ProfileSkill s) =>
        $"{s.SkillId}|{s.Level}|{s.Source}|{s.Via}|{s.Reason}|{string.Join(";", s.Evidence)}";

    private async Task<List<string>> AllPagesAsync(ProfileQuery query)
    {
        var ids = new List<string>();
        var cursor = query.Cursor;
        do
        {
            var page = await Profiles.ListAsync(query with { Cursor = cursor }, Ct);
            ids.AddRange(page.Items.Select(p => p.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }

    private async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = await _db.OpenConnectionAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, cancellationToken: Ct));
    }

    private async Task<string> QuestionnaireJsonAsync(string id)
    {
        await using var connection = await _db.OpenConnectionAsync(Ct);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT questionnaire FROM profiles WHERE id = @Id", new { Id = id }, cancellationToken: Ct)) ?? "";
    }
}

public sealed class SqliteProfileStoreTests(SqliteFixture fixture) : ProfileStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresProfileStoreTests(PostgresFixture fixture) : ProfileStoreTests(fixture), IClassFixture<PostgresFixture>;
