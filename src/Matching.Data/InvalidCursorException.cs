namespace Matching.Data;

/// <summary>Thrown by list methods for a cursor they did not issue; the API answers 400.</summary>
public sealed class InvalidCursorException() : Exception("The cursor is not one this API issued.");
