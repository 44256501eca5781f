{% macro config_source(name) %}
    {{ return(adapter.dispatch('config_source', 'loyalty')(name)) }}
{% endmacro %}

{% macro default__config_source(name) %}
    {%- set seed = ref(name) -%}
    {%- if execute and loyalty.source_enabled(name) -%}
        {%- set raw = adapter.get_relation(
            database=source('loyalty', 'customers').database,
            schema=source('loyalty', 'customers').schema,
            identifier=loyalty.raw_identifier(name)) -%}
        {%- if raw is not none -%}
            {{ return(raw) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(seed) }}
{% endmacro %}

{% macro duckdb__config_source(name) %}
    {%- set seed = ref(name) -%}
    {%- if var('raw_schema') is not none -%}
        {{ return(default__config_source(name)) }}
    {%- endif -%}
    {%- if not execute or not loyalty.source_enabled(name) -%}
        {{ return(seed) }}
    {%- endif -%}
    {%- set path = loyalty.file_pattern((var('raw_dir') | string).rstrip('/') ~ '/' ~ loyalty.raw_identifier(name) ~ '.csv') -%}
    {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return(seed) }}
    {%- endif -%}
    {{ return("read_csv('" ~ path ~ "', header = true, all_varchar = true, delim = ',', quote = '\"')") }}
{% endmacro %}

{#- Stop the build when a configuration row breaks a rule, naming the file
    (or table, or seed), each bad row and the rule with its column. `checks`
    is a query over the typed rows returning (row_label, problem) for the
    bad rows only. Runs when the configuration relation exists. -#}
{% macro check_config(name, config, checks) %}
    {%- if not execute or (config is not string and load_relation(config) is none) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set bad = run_query(checks) -%}
    {%- if bad.rows | length > 0 -%}
        {%- set where = ((var('raw_dir') | string).rstrip('/') ~ '/' ~ loyalty.raw_identifier(name) ~ '.csv') if config is string else config -%}
        {%- set lines = [] -%}
        {%- for row in bad.rows -%}
            {%- do lines.append(row[0] ~ ": " ~ row[1]) -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "Invalid " ~ name ~ " configuration in " ~ where ~ ": " ~ (lines | join('; '))) }}
    {%- endif -%}
{% endmacro %}
