using Dapper;
using Matching.Core.Profiles;

namespace Matching.Data;

/// <summary>What deleting a custom field did.</summary>
public enum CustomFieldDeletion { Deleted, NotFound, InUse }

/// <summary>The custom field keys profile attributes may use, each declared once with its type.</summary>
public interface ICustomFieldStore
{
    Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(CancellationToken ct);

    /// <summary>
    /// Declares a key or changes its description; its type cannot change while profiles use it (then the result is
    /// <c>InUse</c> with the number of profiles). Returns the stored field and whether it was created.
    /// </summary>
    Task<(CustomFieldDefinition? Field, bool Created, long ProfilesUsing)> PutAsync(CustomFieldDefinition field, CancellationToken ct);

    /// <summary>Removes a key no profile uses; a used one is refused with the number of profiles using it.</summary>
    Task<(CustomFieldDeletion Outcome, long ProfilesUsing)> DeleteAsync(string key, CancellationToken ct);
}

/// <remarks>
/// Keys are <c>^[a-z][a-z0-9_]{0,63}$</c> (the API validates), so they can be named in a JSON path as they are. A write
/// and the check of which profiles use the key are one transaction that locks the field's row.
/// </remarks>
internal sealed class CustomFieldStore(SqlDialect db, TimeProvider clock) : ICustomFieldStore
{
    private const string SelectAll = """
        SELECT key AS Key, type AS Type, description AS Description FROM custom_fields ORDER BY key
        """;

    public async Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<FieldRow>(new CommandDefinition(SelectAll, cancellationToken: ct));
        return rows.Select(r => r.ToDefinition()).ToList();
    }

    private const string SelectOne = """
        SELECT key AS Key, type AS Type, description AS Description FROM custom_fields WHERE key = @Key
        """;

    private const string Insert = """
        INSERT INTO custom_fields (key, type, description, created_at, updated_at)
        VALUES (@Key, @Type, @Description, @Now, @Now)
        ON CONFLICT (key) DO UPDATE SET type = excluded.type, description = excluded.description, updated_at = excluded.updated_at
        """;

    public async Task<(CustomFieldDefinition? Field, bool Created, long ProfilesUsing)> PutAsync(CustomFieldDefinition field, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(field);
        StorableText.Ensure(field.Key, "custom field key");
        StorableText.Ensure(field.Description, "description");
        var now = UtcTime.Now(clock);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var existing = await connection.QuerySingleOrDefaultAsync<FieldRow>(
            new CommandDefinition(db.Provider == DatabaseProvider.Postgres ? SelectOne + " FOR UPDATE" : SelectOne,
                new { field.Key }, tx, cancellationToken: ct));
        if (existing is not null && existing.ToDefinition().Type != field.Type)
        {
            var using_ = await CountUsingAsync(connection, tx, field.Key, ct);
            if (using_ > 0) return (null, false, using_);
        }
        await connection.ExecuteAsync(new CommandDefinition(Insert,
            new { field.Key, Type = SearchDocuments.TypeName(field.Type), field.Description, Now = now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (field, existing is null, 0);
    }

    private const string Delete = """
        DELETE FROM custom_fields WHERE key = @Key
        """;

    public async Task<(CustomFieldDeletion Outcome, long ProfilesUsing)> DeleteAsync(string key, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var existing = await connection.QuerySingleOrDefaultAsync<FieldRow>(
            new CommandDefinition(db.Provider == DatabaseProvider.Postgres ? SelectOne + " FOR UPDATE" : SelectOne,
                new { Key = key }, tx, cancellationToken: ct));
        if (existing is null) return (CustomFieldDeletion.NotFound, 0);
        var count = await CountUsingAsync(connection, tx, key, ct);
        if (count > 0) return (CustomFieldDeletion.InUse, count);
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { Key = key }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (CustomFieldDeletion.Deleted, 0);
    }

    private const string CountUsingPostgres = """
        SELECT COUNT(*) FROM profiles WHERE attributes -> 'custom' ? @Key
        """;

    private const string CountUsingSqlite = """
        SELECT COUNT(*) FROM profiles WHERE json_type(attributes, '$.custom.' || @Key) IS NOT NULL
        """;

    private Task<long> CountUsingAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string key,
        CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            db.Provider == DatabaseProvider.Postgres ? CountUsingPostgres : CountUsingSqlite, new { Key = key }, tx, cancellationToken: ct));

    private sealed record FieldRow
    {
        public string Key { get; init; } = "";
        public string Type { get; init; } = "";
        public string? Description { get; init; }

        public CustomFieldDefinition ToDefinition() =>
            new(Key, SearchDocuments.TryParseType(Type, out var t) ? t : throw new InvalidDataException($"Unknown custom field type '{Type}'."),
                Description);
    }
}
