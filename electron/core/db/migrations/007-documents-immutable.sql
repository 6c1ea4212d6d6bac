-- 007: an archived document is never modified: regenerating a letter stores a new version.
CREATE TRIGGER documents_never_modified BEFORE UPDATE OF content, sha256, size_bytes, file_name ON documents
BEGIN
  SELECT RAISE(ABORT, 'archived documents are immutable');
END;
