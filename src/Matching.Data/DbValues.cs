using System.Data;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Data;

/// <summary>
/// A point in time as the database stores it: <c>timestamptz</c> on PostgreSQL, fixed-width ISO-8601 UTC text on
/// SQLite (<c>2025-01-02T03:04:05.123456Z</c>, so text order is time order). Microsecond precision on both, so a
/// value reads back exactly as it was written.
/// </summary>
internal readonly record struct UtcTime(DateTimeOffset Value)
{
    public const string TextFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static UtcTime Now(TimeProvider clock)
    {
        var ticks = clock.GetUtcNow().UtcTicks;
        return new UtcTime(new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero));
    }

    public override string ToString() => Value.UtcDateTime.ToString(TextFormat, CultureInfo.InvariantCulture);
}

/// <summary>A JSON document as a parameter: <c>jsonb</c> on PostgreSQL, text on SQLite. Read back as a plain string.</summary>
internal readonly record struct DbJson(string Text);

/// <summary>How documents are stored: camelCase, enums as lowercase strings, nulls and computed properties left out.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        IgnoreReadOnlyProperties = true,
        // The documents never reach a browser from here; keep Cyrillic readable in the database.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static DbJson Write<T>(T value) => new(JsonSerializer.Serialize(value, Options));

    /// <summary>The same document as UTF-8, which Npgsql sends to a jsonb parameter as it is (no UTF-16 string in between).</summary>
    public static byte[] WriteUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is null.");
}

internal static class SkillSources
{
    public static string ToDb(SkillSource source) => source switch
    {
        SkillSource.Mentioned => "mentioned",
        SkillSource.Inferred => "inferred",
        SkillSource.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown skill source."),
    };

    public static SkillSource FromDb(string source) => source switch
    {
        "mentioned" => SkillSource.Mentioned,
        "inferred" => SkillSource.Inferred,
        "manual" => SkillSource.Manual,
        _ => throw new InvalidDataException($"Unknown skill source '{source}' in the database."),
    };
}

internal static class StorableText
{
    /// <summary>
    /// External ids are unique-indexed; PostgreSQL refuses index entries over ~2,700 bytes, so a generous cap here
    /// turns an absurd id into a clear argument error on both providers instead of a server error on one.
    /// </summary>
    public const int MaxExternalIdLength = 512;

    public static void EnsureExternalId(string? externalId)
    {
        Ensure(externalId, "externalId");
        if (externalId is { Length: > MaxExternalIdLength })
            throw new ArgumentException($"The externalId is longer than {MaxExternalIdLength} characters.", "externalId");
    }

    /// <summary>The text of a profile write that ends up in text or jsonb columns (both the store and the bulk loader).</summary>
    public static void EnsureProfile(string? externalId, string language, Questionnaire questionnaire, IReadOnlyList<Experience> experience)
    {
        EnsureExternalId(externalId);
        Ensure(language, "language");
        Ensure(questionnaire.Content, "questionnaire");
        foreach (var a in questionnaire.Answers ?? [])
        {
            Ensure(a.Question, "questionnaire");
            Ensure(a.Answer, "questionnaire");
        }
        foreach (var e in experience)
        {
            Ensure(e.Organization, "experience");
            Ensure(e.Role, "experience");
        }
    }

    /// <summary>
    /// PostgreSQL cannot store U+0000 in text or jsonb; SQLite can. Refusing it on both keeps the providers alike
    /// (the API rejects it before it gets here; this is the backstop).
    /// </summary>
    public static void Ensure(string? text, string what)
    {
        if (text is not null && text.Contains('\0'))
            throw new ArgumentException($"The {what} contains a NUL character (U+0000), which cannot be stored.", what);
    }
}

/// <summary>Teaches Dapper the two wrapper types above. Registered once per process.</summary>
internal static class DapperTypes
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        SqlMapper.AddTypeHandler(new UtcTimeHandler());
        SqlMapper.AddTypeHandler(new DbJsonHandler());
    }

    private sealed class UtcTimeHandler : SqlMapper.TypeHandler<UtcTime>
    {
        public override void SetValue(IDbDataParameter parameter, UtcTime value)
        {
            if (parameter is NpgsqlParameter npgsql)
            {
                npgsql.NpgsqlDbType = NpgsqlDbType.TimestampTz;
                npgsql.Value = value.Value.UtcDateTime;
            }
            else
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString();
            }
        }

        public override UtcTime Parse(object value) => value switch
        {
            DateTime dt => new UtcTime(new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc))),
            DateTimeOffset dto => new UtcTime(dto.ToUniversalTime()),
            string text => new UtcTime(DateTimeOffset.ParseExact(text, UtcTime.TextFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
            _ => throw new InvalidCastException($"Cannot read a {value.GetType().Name} as a timestamp."),
        };
    }

    private sealed class DbJsonHandler : SqlMapper.TypeHandler<DbJson>
    {
        public override void SetValue(IDbDataParameter parameter, DbJson value)
        {
            if (parameter is NpgsqlParameter npgsql) npgsql.NpgsqlDbType = NpgsqlDbType.Jsonb;
            else parameter.DbType = DbType.String;
            parameter.Value = value.Text;
        }

        public override DbJson Parse(object value) => new((string)value);
    }
}

/// <summary>A jsonb[] parameter of UTF-8 documents for Dapper (it would send byte[][] as bytea[]).</summary>
internal sealed class JsonbArray(byte[][] documents) : SqlMapper.ICustomQueryParameter
{
    public void AddParameter(IDbCommand command, string name) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = documents });
}
