namespace CoBrowse.Functions.Http;

/// <summary>
/// The tenant's resource policy as the agent's console reads it: the origins page resources may come from (the
/// tenant's allowed and asset origins) and whether the tenant opted into any https host.
/// </summary>
public sealed record ResourcePolicyResponse(IReadOnlyList<string> Origins, bool AnyHttps);
