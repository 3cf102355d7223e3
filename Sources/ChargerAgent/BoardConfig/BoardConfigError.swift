import YAMLFields

/// A board file that cannot be used: the file, the key (e.g. `evses[0].meter.model`), what is wrong and,
/// for YAML syntax, the line.
public typealias BoardConfigError = YAMLFileError
