using Matching.Core.Profiles;
using Matching.Data;

namespace Matching.Api.Infrastructure;

/// <summary>The declared custom fields by key, read when a request names attributes or custom filters (a small table).</summary>
public static class CustomFieldCatalog
{
    public static async Task<IReadOnlyDictionary<string, CustomFieldDefinition>> ReadAsync(ICustomFieldStore store, CancellationToken ct) =>
        (await store.ListAsync(ct)).ToDictionary(f => f.Key, StringComparer.Ordinal);
}
