namespace AskLibrary.Patrons;

public static class PatronExtensions
{
    /// <summary>Identified patrons: resolving visitors to patrons, merges, and the CSV import (the store comes from AddStorage).</summary>
    public static WebApplicationBuilder AddPatrons(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PatronIdentity>();
        builder.Services.AddSingleton<PatronImport>();
        return builder;
    }
}
