using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>
/// Profile attributes, custom fields and jobs' default filters in the stores (issue 14), on SQLite and PostgreSQL: stored
/// with the profile, on the change feed, loaded into the match index, and kept apart from the questionnaire's years.
/// </summary>
public abstract class SearchStoreTests(DatabaseFixture fixture)
{
    private readonly MatchingDatabase _db = fixture.Db;
    private static CancellationToken Ct => CancellationToken.None;

    private static ProfileAttributes Berlin(string tag) => new()
    {
        Location = new GeoLocation("de", "Berlin", 52.52, 13.405),
        Remote = true,
        Languages = [new SpokenLanguage("EN", LanguageLevel.C1)],
        YearsOfExperience = 6,
        Salary = new SalaryExpectation(85000m, "EUR", SalaryPeriod.Year),
        AvailableFrom = new DateOnly(2026, 3, 1),
        Tags = [tag, "Senior"],
        Custom = new Dictionary<string, CustomValue>
        {
            ["grade"] = CustomValue.Of("senior"),
            ["rate"] = CustomValue.Of(80.5),
            ["visa_until"] = CustomValue.Of(new DateOnly(2027, 1, 31)),
        },
    };

    [Fact]
    public async Task Attributes_are_stored_normalised_with_the_profile_and_replaced_with_a_change_row()
    {
        var tag = NewExternalId("tag");
        var (created, _) = await _db.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.8)) with { Attributes = Berlin(tag) }, Compose, Ct);
        var read = await _db.Profiles.GetAsync(created.Id, Ct);
        Assert.Equal(Berlin(tag).Normalise(), read!.Attributes);
        Assert.Equal("DE", read.Attributes!.Location!.Country);
        Assert.Equal(new[] { tag, "senior" }.Order(StringComparer.Ordinal), read.Attributes.Tags);
        Assert.Equal(CustomValue.Of(new DateOnly(2027, 1, 31)), read.Attributes.Custom["visa_until"]);
        Assert.Equal("hr", read.YearsOfExperienceSource);

        var before = await _db.Profiles.CurrentSequenceAsync(Ct);
        var replaced = await _db.Profiles.ReplaceAttributesAsync(created.Id, new ProfileAttributes { Relocation = true }, Ct);
        Assert.True(replaced!.Attributes!.Relocation);
        Assert.Null(replaced.Attributes.Location);
        var changes = await _db.Profiles.ChangesSinceAsync(before, 10, Ct);
        Assert.Contains(changes, c => c.ProfileId == created.Id && !c.Deleted);
        Assert.Null(await _db.Profiles.ReplaceAttributesAsync("p_missing", ProfileAttributes.None, Ct));

        // The index's feed carries them.
        var vector = Assert.Single(await _db.Profiles.GetVectorsAsync([created.Id], Ct));
        Assert.True(vector.Attributes!.Relocation);
    }

    [Fact]
    public async Task The_questionnaire_years_are_the_default_and_survive_the_hr_systems_changes()
    {
        var externalId = NewExternalId();
        var (created, _) = await _db.Profiles.UpsertAsync(Write(externalId, ("python", 0.8)) with { QuestionnaireYears = 4 }, Compose, Ct);
        Assert.Equal((4.0, "questionnaire"), (created.Attributes!.YearsOfExperience, created.YearsOfExperienceSource));

        var hr = await _db.Profiles.ReplaceAttributesAsync(created.Id, new ProfileAttributes { YearsOfExperience = 9 }, Ct);
        Assert.Equal((9.0, "hr"), (hr!.Attributes!.YearsOfExperience, hr.YearsOfExperienceSource));
        Assert.Equal(9, (await _db.Profiles.GetStatedAttributesAsync(created.Id, Ct))!.YearsOfExperience);

        var cleared = await _db.Profiles.ReplaceAttributesAsync(created.Id, ProfileAttributes.None, Ct);
        Assert.Equal((4.0, "questionnaire"), (cleared!.Attributes!.YearsOfExperience, cleared.YearsOfExperienceSource));
        Assert.Null((await _db.Profiles.GetStatedAttributesAsync(created.Id, Ct))!.YearsOfExperience);

        // A new questionnaire without attributes: the HR system's attributes stay, the questionnaire's years follow.
        await _db.Profiles.ReplaceAttributesAsync(created.Id, new ProfileAttributes { Remote = true }, Ct);
        var (again, isNew) = await _db.Profiles.UpsertAsync(Write(externalId, ("python", 0.8)) with { QuestionnaireYears = 5 }, Compose, Ct);
        Assert.False(isNew);
        Assert.True(again.Attributes!.Remote);
        Assert.Equal((5.0, "questionnaire"), (again.Attributes.YearsOfExperience, again.YearsOfExperienceSource));
        Assert.Equal(5, (await _db.Profiles.GetAsync(created.Id, Ct))!.Attributes!.YearsOfExperience);
    }

    [Fact]
    public async Task The_index_loads_attributes_and_filters_with_them()
    {
        var tag = NewExternalId("tag");
        var (berlin, _) = await _db.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.8)) with { Attributes = Berlin(tag) }, Compose, Ct);
        var (moscow, _) = await _db.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.9)) with
        {
            Attributes = new ProfileAttributes { Location = new GeoLocation("RU", "Moscow"), Tags = [tag] },
        }, Compose, Ct);

        var index = new MatchIndex(Taxonomy);
        index.Load((await _db.Profiles.ReadIndexAsync(Taxonomy, Ct)).Builder);
        var outcome = index.Match([new Requirement("python")], new MatchOptions(TopK: 100)
        {
            Filter = new MatchFilter { Tags = new TagFilter(Any: [tag]), Location = new LocationFilter(Countries: ["DE"]) },
        });
        Assert.Equal([berlin.Id], outcome.Hits.Select(h => h.ProfileId));
        var both = index.Match([new Requirement("python")], new MatchOptions(TopK: 100) { Filter = new MatchFilter { Tags = new TagFilter(Any: [tag]) } });
        Assert.Equal(new[] { berlin.Id, moscow.Id }.Order(), both.Hits.Select(h => h.ProfileId).Order());
    }

    [Fact]
    public async Task Custom_fields_are_declared_once_and_not_removed_or_retyped_while_a_profile_uses_them()
    {
        var key = "k_" + Guid.NewGuid().ToString("N")[..10];
        var (field, created, _) = await _db.CustomFields.PutAsync(new CustomFieldDefinition(key, CustomFieldType.Number, "Rate"), Ct);
        Assert.True(created);
        Assert.Equal(key, field!.Key);
        var (_, again, _) = await _db.CustomFields.PutAsync(new CustomFieldDefinition(key, CustomFieldType.Number, "Hourly rate"), Ct);
        Assert.False(again);
        Assert.Contains(await _db.CustomFields.ListAsync(Ct), f => f.Key == key && f.Description == "Hourly rate");

        var (profile, _) = await _db.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)) with
        {
            Attributes = new ProfileAttributes { Custom = new Dictionary<string, CustomValue> { [key] = CustomValue.Of(42) } },
        }, Compose, Ct);
        Assert.Equal((CustomFieldDeletion.InUse, 1L), await _db.CustomFields.DeleteAsync(key, Ct));
        var (retyped, _, using_) = await _db.CustomFields.PutAsync(new CustomFieldDefinition(key, CustomFieldType.String), Ct);
        Assert.Null(retyped);
        Assert.Equal(1, using_);

        await _db.Profiles.ReplaceAttributesAsync(profile.Id, ProfileAttributes.None, Ct);
        Assert.Equal((CustomFieldDeletion.Deleted, 0L), await _db.CustomFields.DeleteAsync(key, Ct));
        Assert.Equal((CustomFieldDeletion.NotFound, 0L), await _db.CustomFields.DeleteAsync(key, Ct));
    }

    [Fact]
    public async Task A_jobs_default_filter_is_stored_replaced_and_cleared()
    {
        var filter = new MatchFilter
        {
            Location = new LocationFilter(Countries: ["DE"], Near: new NearPoint(52.52, 13.405, 50)),
            Languages = [new LanguageRequirement("en", LanguageLevel.B2)],
            YearsOfExperience = new NumberRange(3, null),
            Salary = new SalaryFilter(7000, "EUR", SalaryPeriod.Month),
            AvailableBy = new DateOnly(2026, 6, 1),
            Tags = new TagFilter(All: ["backend"], None: ["intern"]),
            ExcludeSkills = ["kubernetes"],
            Custom = new Dictionary<string, CustomCondition>
            {
                ["grade"] = new(In: [CustomValue.Of("senior"), CustomValue.Of("lead")]),
                ["rate"] = new(Min: CustomValue.Of(10), Max: CustomValue.Of(90)),
            },
        };
        var job = await _db.Jobs.CreateAsync(new JobWrite(null, "Backend", null, JobStatus.Open, [new Requirement("python")], filter), Ct);
        var read = (await _db.Jobs.GetAsync(job.Id, Ct))!.Filter!;
        Assert.Equal(SearchDocuments.WriteFilter(filter), SearchDocuments.WriteFilter(read));
        Assert.Equal(new NearPoint(52.52, 13.405, 50), read.Location!.Near);
        var attributes = new ProfileAttributes
        {
            Location = new GeoLocation("DE", "Berlin", 52.52, 13.405), Languages = [new SpokenLanguage("en", LanguageLevel.C1)],
            YearsOfExperience = 5, Salary = new SalaryExpectation(6000, "EUR", SalaryPeriod.Month), AvailableFrom = new DateOnly(2026, 5, 1),
            Tags = ["backend"],
            Custom = new Dictionary<string, CustomValue> { ["grade"] = CustomValue.Of("Lead"), ["rate"] = CustomValue.Of(50) },
        };
        Assert.True(read.Matches(attributes, _ => false));
        Assert.False(read.Matches(attributes, s => s == "kubernetes"));

        var updated = await _db.Jobs.UpdateAsync(job.Id, new JobWrite(null, "Backend", null, JobStatus.Open, [new Requirement("python")]), Ct);
        Assert.Null(updated!.Filter);
        Assert.Null((await _db.Jobs.GetAsync(job.Id, Ct))!.Filter);
    }
}

public sealed class SqliteSearchStoreTests(SqliteFixture fixture) : SearchStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresSearchStoreTests(PostgresFixture fixture) : SearchStoreTests(fixture), IClassFixture<PostgresFixture>;
