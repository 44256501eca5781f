{#- The relation holding a configuration seed (`loyalty_tiers`,
    `loyalty_programs`): `<raw_dir>/<name>.csv` when that file exists (DuckDB,
    file sources), or a `<name>` table in the raw schema (warehouse tables,
    every adapter), else the seed of that name. -#}
{% macro config_source(name) %}
    {{ return(adapter.dispatch('config_source', 'loyalty')(name)) }}
{% endmacro %}

{% macro default__config_source(name) %}
    {%- set seed = ref(name) -%}
    {%- if execute -%}
        {%- set raw = adapter.get_relation(
            database=source('loyalty', 'customers').database,
            schema=source('loyalty', 'customers').schema,
            identifier=name) -%}
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
    {%- if not execute -%}
        {{ return(seed) }}
    {%- endif -%}
    {%- set path = loyalty.file_pattern((var('raw_dir') | string).rstrip('/') ~ '/' ~ name ~ '.csv') -%}
    {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return(seed) }}
    {%- endif -%}
    {{ return("read_csv('" ~ path ~ "', header = true, all_varchar = true, delim = ',', quote = '\"')") }}
{% endmacro %}
