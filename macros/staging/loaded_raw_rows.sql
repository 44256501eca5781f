{#- Incremental parsing of the event sources (docs/decisions.md, "Daily
    runs"). A base_loyalty__<source>_parsed model keeps every raw row it has
    read, with the checks that depend on the row alone (section 2, checks 1
    and 2); a run adds the rows not read before. When the rows it holds can
    no longer be trusted to be what a full read would give, it reads the
    source whole again, and says why. -#}

{#- The settings that change how a row parses or passes checks 1 and 2. -#}
{% macro parse_settings() -%}
    {{ return('reporting_timezone=' ~ loyalty.reporting_timezone()
        ~ '; csat_scale_max=' ~ loyalty.setting('csat_scale_max')
        ~ '; ces_scale_max=' ~ loyalty.setting('ces_scale_max')) }}
{%- endmacro %}

{#- In an incremental run, the parsed model itself (`this`), to read only the
    rows it does not hold yet; none to read every row: a full run, or an
    incremental one whose rows must be read again (raw_rows_reload_reason). -#}
{% macro loaded_raw_rows(source_name) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set reason = loyalty.raw_rows_reload_reason(source_name) -%}
    {%- if reason is not none -%}
        {{ log(this.identifier ~ ": reading every raw row again: " ~ reason ~ ".", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return(this) }}
{% endmacro %}

{#- Why the rows an incremental parsed model holds must be read again, or
    none when new rows can be added to them:
    - the rows were parsed with other settings (parse_settings);
    - the source's domain is switched off (it stages as empty);
    - the source's rows have no stable number: a table of another origin than
      scripts/load_raw.py is numbered from its raw text, which new rows shift;
    - a loaded file changed, was removed, or a new file sorts before it;
    - a table holds other rows up to the last number loaded: other counts
      per file (scripts/load_raw.py records each row's file), or files
      changed since. -#}
{% macro raw_rows_reload_reason(source_name) %}
    {%- for row in run_query("select distinct parse_settings from " ~ this).rows
        if row[0] != loyalty.parse_settings() -%}
        {{ return("its rows were parsed with " ~ row[0] ~ ", this run has " ~ loyalty.parse_settings()) }}
    {%- endfor -%}
    {%- if not loyalty.source_enabled(source_name) -%}
        {{ return("its domain is switched off" if run_query("select count(*) from " ~ this).rows[0][0] > 0 else none) }}
    {%- endif -%}
    {%- if var('raw_schema') is none and target.type == 'duckdb' -%}
        {{ return(loyalty.loaded_files_changed(source_name, this)) }}
    {%- endif -%}
    {%- set relation = load_relation(source('loyalty', source_name)) -%}
    {%- if relation is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- if '_loyalty_row_number' not in present -%}
        {{ return("the table " ~ relation ~ " has no _loyalty_row_number (scripts/load_raw.py writes one)") }}
    {%- endif -%}
    {%- set last = run_query("select max(source_row_number), count(*) from " ~ this).rows[0] -%}
    {%- if last[0] is not none -%}
        {%- set file_column = '_loyalty_source_file' if '_loyalty_source_file' in present else 'cast(null as ' ~ (dbt.type_string() | lower) ~ ')' -%}
        {%- set below = run_query("select " ~ file_column ~ " as source_file, count(*) as row_count from " ~ relation
            ~ " where _loyalty_row_number <= " ~ last[0] ~ " group by 1 order by 1").rows -%}
        {%- set loaded = run_query("select source_file, count(*) as row_count from " ~ this
            ~ " group by 1 order by 1").rows -%}
        {%- if below | map('list') | list != loaded | map('list') | list -%}
            {{ return("the table " ~ relation ~ " holds other rows, or rows of other files, up to row number "
                ~ last[0] ~ " than were loaded") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{#- Pre-hook of a parsed model: when its rows are read again, the rows it
    holds are removed first. -#}
{% macro reload_raw_rows(source_name) %}
    {%- if execute and is_incremental() and loyalty.raw_rows_reload_reason(source_name) is not none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{% macro default__truncate_relation_sql(relation) %}
    {{ return('delete from ' ~ relation) }}
{% endmacro %}

{% macro spark__truncate_relation_sql(relation) %}
    {{ return('truncate table ' ~ relation) }}
{% endmacro %}
