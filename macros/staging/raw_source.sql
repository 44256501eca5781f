{#- Why every CSV column is read as text: staging parses and rejects bad
    values itself, instead of the reader failing the build. Why CSV is read
    with `parallel = false`: DuckDB pads short lines with nulls only in its
    single-threaded CSV scanner when a quoted value spans lines. Parquet stays
    parallel, so large exports should come as Parquet. -#}
{#- `loaded`: the incremental table of a source's rows already read (see
    macros/staging/loaded_raw_rows.sql), or none to read every row. Given it,
    only the rows not yet loaded are read: on DuckDB the files not yet loaded
    (each loaded file must be unchanged and keep its place in the name
    order), from a warehouse table the rows numbered after the last loaded
    one. Every relation returned carries `_loyalty_row_number` (when the
    rows have a stable number), `_loyalty_malformed` and
    `_loyalty_source_file`, the file a row came from (null from a table). -#}
{% macro raw_source(source_name, columns, optional=false, loaded=none) %}
    {{ return(adapter.dispatch('raw_source', 'loyalty')(source_name, columns, optional, loaded)) }}
{% endmacro %}

{% macro default__raw_source(source_name, columns, optional=false, loaded=none) %}
    {%- set relation = source('loyalty', source_name) -%}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- if not loyalty.source_enabled(source_name) -%}
        {{ return(loyalty.empty_raw_relation(columns)) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- if existing is none and optional -%}
        {{ return(loyalty.empty_raw_relation(columns)) }}
    {%- endif -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set absent = loyalty.absent_optional_columns(columns, present) -%}
    {#- scripts/load_raw.py writes `_loyalty_malformed` (a value beyond the
        header); any other table has no field beyond its columns. -#}
    {%- set malformed = '' if '_loyalty_malformed' in present else ', false as _loyalty_malformed' -%}
    {%- set source_file = '' if '_loyalty_source_file' in present else loyalty.null_columns(['_loyalty_source_file']) -%}
    {%- set new_rows = '' -%}
    {%- if loaded is not none and '_loyalty_row_number' in present -%}
        {%- set new_rows = loyalty.rows_after_loaded(source_name, relation, loaded) -%}
    {%- endif -%}
    {%- if source_name in loyalty.sources_requiring_rows() and loaded is none -%}
        {%- do loyalty.require_rows(source_name, "select 1 from " ~ relation, relation) -%}
    {%- endif -%}
    {{ return("(select *" ~ malformed ~ source_file ~ loyalty.null_columns(absent) ~ " from " ~ relation ~ new_rows ~ ")") }}
{% endmacro %}

{#- A warehouse table numbers its rows (scripts/load_raw.py): the rows
    numbered after the last one loaded are new. -#}
{% macro rows_after_loaded(source_name, relation, loaded) %}
    {%- set last = run_query("select max(source_row_number) from " ~ loaded).rows[0][0] -%}
    {{ return('' if last is none else " where _loyalty_row_number > " ~ last) }}
{% endmacro %}

{#- A source of sources_requiring_rows() with no data row stops the build,
    naming it. `rows_sql` selects from the source's raw rows. -#}
{% macro require_rows(source_name, rows_sql, where) %}
    {%- if run_query("select 1 from (" ~ rows_sql ~ ") as raw_rows limit 1").rows | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "Source '" ~ source_name ~ "' has no data rows (" ~ where ~ " holds a header only): "
            ~ "customers, products, orders and order_items each need at least one row.") }}
    {%- endif -%}
{% endmacro %}

{#- An empty relation with the text columns of a column spec. -#}
{% macro empty_raw_relation(columns) -%}
    (select
        cast(null as {{ dbt.type_bigint() }}) as _loyalty_row_number,
        false as _loyalty_malformed,
        cast(null as {{ dbt.type_string() | lower }}) as _loyalty_source_file,
    {%- for column in columns %}
        cast(null as {{ dbt.type_string() | lower }}) as {{ column.name }},
    {%- endfor %}
        1 as empty_source
    where 1 = 0)
{%- endmacro %}

{#- The optional columns of a column spec missing from `present`. -#}
{% macro absent_optional_columns(columns, present) %}
    {%- set absent = [] -%}
    {%- for column in columns if column.get('optional_column', false) and column.name not in present -%}
        {%- do absent.append(column.name) -%}
    {%- endfor -%}
    {{ return(absent) }}
{% endmacro %}

{#- `, cast(null as text) as <name>` for each name. -#}
{% macro null_columns(names) -%}
    {%- for name in names -%}, cast(null as {{ dbt.type_string() | lower }}) as {{ name }}{%- endfor -%}
{%- endmacro %}

{% macro duckdb__raw_source(source_name, columns, optional=false, loaded=none) %}
    {%- set relation = source('loyalty', source_name) -%}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- if var('raw_schema') is not none -%}
        {{ return(loyalty.default__raw_source(source_name, columns, optional, loaded)) }}
    {%- endif -%}
    {%- if not loyalty.source_enabled(source_name) -%}
        {{ return(loyalty.empty_raw_relation(columns)) }}
    {%- endif -%}
    {%- set raw_dir = (var('raw_dir') | string).rstrip('/') -%}
    {%- set identifier = loyalty.raw_identifier(source_name) -%}
    {%- set files = loyalty.raw_files(raw_dir, identifier) -%}
    {%- set empty_relation = loyalty.empty_raw_relation(columns) -%}
    {%- if files | length == 0 -%}
        {%- if optional -%}
            {{ return(empty_relation) }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            "No raw file for source '" ~ source_name ~ "' in raw_dir '" ~ var('raw_dir')
            ~ "': expected " ~ identifier ~ ".csv, " ~ identifier ~ ".parquet or a folder "
            ~ identifier ~ "/ of such files.") }}
    {%- endif -%}
    {%- set reads = [] -%}
    {%- set plain_reads = [] -%}
    {%- set signatures = loyalty.file_signatures(raw_dir, files) -%}
    {%- set unread = loyalty.files_not_loaded(signatures, loaded) if loaded is not none else range(files | length) -%}
    {%- if unread | length == 0 -%}
        {{ return(empty_relation) }}
    {%- endif -%}
    {%- for index in unread -%}
        {%- set file = files[index] -%}
        {%- set path = loyalty.file_pattern(file) -%}
        {#- Row order: file by file in name order, then row by row; the file's
            index in the high digits keeps the number unique without a sort. -#}
        {%- set offset = index ~ ' * 1000000000000' -%}
        {%- if run_query("select size from read_blob('" ~ path ~ "')").columns[0].values()[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Raw file '" ~ file ~ "' for source '" ~ source_name ~ "' is empty (0 bytes): "
                ~ "a raw file needs at least its header line.") }}
        {%- endif -%}
        {%- if file.endswith('.parquet') -%}
            {%- set reader = "read_parquet('" ~ path ~ "', file_row_number = true)" -%}
            {%- set numbered = offset ~ " + file_row_number + 1 as _loyalty_row_number, * exclude (file_row_number)" -%}
        {%- else -%}
            {%- set reader = "read_csv('" ~ path ~ "', header = true, all_varchar = true, "
                ~ "delim = ',', quote = '\"', escape = '\"', null_padding = true, parallel = false)" -%}
            {%- set numbered = offset ~ " + row_number() over () as _loyalty_row_number, *" -%}
            {%- do loyalty.check_csv_header(file, path) -%}
        {%- endif -%}
        {%- set present = run_query("describe select * from " ~ reader).columns[0].values() | map('lower') | list -%}
        {%- set absent = loyalty.absent_optional_columns(columns, present) -%}
        {%- set missing = [] -%}
        {%- for column in columns if column.name not in present and column.name not in absent -%}
            {%- do missing.append(column.name) -%}
        {%- endfor -%}
        {%- if missing and optional and present == ['column0'] and files | length == 1 -%}
            {{ return(empty_relation) }}
        {%- endif -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "Raw file '" ~ file ~ "' for source '" ~ source_name
                ~ "' lacks required column(s): " ~ (missing | join(', '))
                ~ ". Found: " ~ (present | join(', ')) ~ ".") }}
        {%- endif -%}
        {#- Fields beyond the header: DuckDB names them column<N>; a row with
            a value there is malformed (section 2, check 1). -#}
        {%- set extra = [] -%}
        {%- for name in present if modules.re.fullmatch('column[0-9]+', name) and name not in columns | map(attribute='name') -%}
            {%- do extra.append('"' ~ name ~ '" is not null') -%}
        {%- endfor -%}
        {%- set malformed = ('(' ~ (extra | join(' or ')) ~ ')') if extra else 'false' -%}
        {%- do reads.append("select " ~ numbered ~ ", " ~ malformed ~ " as _loyalty_malformed, '"
            ~ (signatures[index] | replace("'", "''")) ~ "' as _loyalty_source_file"
            ~ loyalty.null_columns(absent) ~ " from " ~ reader) -%}
        {%- do plain_reads.append("select 1 from " ~ reader) -%}
    {%- endfor -%}
    {%- if source_name in loyalty.sources_requiring_rows() and loaded is none -%}
        {%- do loyalty.require_rows(source_name, plain_reads | join(' union all '), files | join(', ')) -%}
    {%- endif -%}
    {{ return("(" ~ (reads | join(' union all by name ')) ~ ")") }}
{% endmacro %}

{#- Each file's name under raw_dir, size and modification time, as one text:
    what a loaded row remembers of its file, to notice the file changing. -#}
{% macro file_signatures(raw_dir, files) %}
    {%- set patterns = [] -%}
    {%- for file in files -%}
        {%- do patterns.append("'" ~ loyalty.file_pattern(file) ~ "'") -%}
    {%- endfor -%}
    {%- set found = {} -%}
    {%- for row in run_query("select filename, size, strftime(last_modified, '%Y-%m-%dT%H:%M:%S.%f') from read_blob(["
        ~ (patterns | join(', ')) ~ "])").rows -%}
        {%- do found.update({row[0]: row[0][raw_dir | length + 1:] ~ ' (' ~ row[1] ~ ' bytes, modified ' ~ row[2] ~ ')'}) -%}
    {%- endfor -%}
    {%- set signatures = [] -%}
    {%- for file in files -%}
        {%- do signatures.append(found[file]) -%}
    {%- endfor -%}
    {{ return(signatures) }}
{% endmacro %}

{#- The indexes of the files whose rows are not in `loaded` (the files
    loaded are unchanged and in place: loyalty.raw_rows_reload_reason). -#}
{% macro files_not_loaded(signatures, loaded) %}
    {%- set seen = run_query("select distinct source_file from " ~ loaded).columns[0].values() | list -%}
    {%- set unread = [] -%}
    {%- for index in range(signatures | length) if signatures[index] not in seen -%}
        {%- do unread.append(index) -%}
    {%- endfor -%}
    {{ return(unread) }}
{% endmacro %}

{#- Why the rows loaded from a source's files cannot be kept, or none: each
    loaded file must be unchanged and at the same place in the name order,
    since a row's number holds its file's index. -#}
{% macro loaded_files_changed(source_name, loaded) %}
    {%- set raw_dir = (var('raw_dir') | string).rstrip('/') -%}
    {%- set files = loyalty.raw_files(raw_dir, loyalty.raw_identifier(source_name)) -%}
    {%- set signatures = loyalty.file_signatures(raw_dir, files) -%}
    {%- for row in run_query("select source_file, min(source_row_number) from " ~ loaded
        ~ " group by source_file order by 2").rows -%}
        {%- set index = (row[1] // 1000000000000) | int -%}
        {%- if row[0] is none or index >= signatures | length or signatures[index] != row[0] -%}
            {{ return("the loaded file " ~ (row[0] or '(a warehouse table)') ~ " is no longer file number "
                ~ (index + 1) ~ " in name order "
                ~ ("(now " ~ signatures[index] ~ ")" if index < signatures | length
                   else "(there are " ~ signatures | length ~ " files)")) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{#- The raw files of a source in raw_dir: `<source>.parquet`, `<source>.csv`
    or `<source>.csv.gz`, or the CSV / Parquet files of a folder `<source>/`
    in the lexical order of their names. Two candidates (a Parquet file next
    to a CSV, a file next to a folder) or a folder mixing CSV and Parquet is
    an error that names them: never a silent choice. -#}
{% macro raw_files(raw_dir, source_name) %}
    {%- set escaped = loyalty.file_pattern(raw_dir) -%}
    {%- set listed = run_query(
        "select file from glob('" ~ escaped ~ "/" ~ source_name ~ ".*') "
        ~ "union all select file from glob('" ~ escaped ~ "/" ~ source_name ~ "/*') order by file"
    ).columns[0].values() | list -%}
    {%- set singles = [] -%}
    {%- set folder = [] -%}
    {%- for file in listed -%}
        {%- for suffix in ['.parquet', '.csv', '.csv.gz'] -%}
            {%- if file.endswith('/' ~ source_name ~ suffix) -%}
                {%- do singles.append(file) -%}
            {%- elif file.startswith(raw_dir ~ '/' ~ source_name ~ '/') and file.endswith(suffix)
                and not (suffix == '.csv' and file.endswith('.csv.gz')) -%}
                {%- do folder.append(file) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set candidates = singles + ([raw_dir ~ '/' ~ source_name ~ '/'] if folder else []) -%}
    {%- if candidates | length > 1 -%}
        {{ exceptions.raise_compiler_error(
            "Ambiguous input for source '" ~ source_name ~ "': " ~ (candidates | join(', '))
            ~ ". Keep exactly one file or folder per source.") }}
    {%- endif -%}
    {%- set parquet = [] -%}
    {%- for file in folder if file.endswith('.parquet') -%}
        {%- do parquet.append(file) -%}
    {%- endfor -%}
    {%- if parquet and parquet | length != folder | length -%}
        {{ exceptions.raise_compiler_error(
            "Folder '" ~ raw_dir ~ "/" ~ source_name ~ "/' mixes CSV and Parquet files; "
            ~ "keep one format per source.") }}
    {%- endif -%}
    {{ return(singles if singles else folder | sort) }}
{% endmacro %}

{#- A CSV header that names a column twice is ambiguous: stop, naming the
    file and the column, instead of reading one of the two. -#}
{% macro check_csv_header(file, path) %}
    {%- set header = run_query("select * from read_csv('" ~ path ~ "', header = false, all_varchar = true, "
        ~ "delim = ',', quote = '\"', escape = '\"', null_padding = true, parallel = false) limit 1") -%}
    {%- if header.rows | length > 0 -%}
        {%- set seen = [] -%}
        {%- for value in header.rows[0] if value is not none -%}
            {%- set name = value | trim | lower -%}
            {%- if name in seen -%}
                {{ exceptions.raise_compiler_error(
                    "Raw file '" ~ file ~ "' names the column '" ~ name ~ "' twice in its header; "
                    ~ "rename or drop one of them.") }}
            {%- endif -%}
            {%- do seen.append(name) -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
