namespace DGNet.Data;

/// <summary>
/// The NumPy element types this library reads and writes: the ones physical data and its metadata need.
/// All are little-endian; <see cref="Unicode"/> is NumPy's fixed-width UTF-32 string type <c>&lt;U</c>.
/// </summary>
public enum NpyDType
{
    Float64,
    Float32,
    Int64,
    Int32,
    Int8,
    UInt8,
    Bool,
    Unicode,
}
