{#- The relation holding the tier configuration: `<raw_dir>/loyalty_tiers.csv`
    when that file exists (DuckDB, file sources), or a `loyalty_tiers` table
    in the raw schema (warehouse tables, every adapter), else the
    `loyalty_tiers` seed. -#}
{% macro tiers_source() %}
    {{ return(adapter.dispatch('tiers_source', 'loyalty')()) }}
{% endmacro %}

{% macro default__tiers_source() %}
    {%- set seed = ref('loyalty_tiers') -%}
    {%- if execute -%}
        {%- set raw = adapter.get_relation(
            database=source('loyalty', 'customers').database,
            schema=source('loyalty', 'customers').schema,
            identifier='loyalty_tiers') -%}
        {%- if raw is not none -%}
            {{ return(raw) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(seed) }}
{% endmacro %}

{% macro duckdb__tiers_source() %}
    {%- set seed = ref('loyalty_tiers') -%}
    {%- if var('raw_schema') is not none -%}
        {{ return(default__tiers_source()) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return(seed) }}
    {%- endif -%}
    {%- set path = (var('raw_dir') | string).rstrip('/') ~ '/loyalty_tiers.csv' -%}
    {%- set path = path | replace("'", "''") -%}
    {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return(seed) }}
    {%- endif -%}
    {{ return("read_csv('" ~ path ~ "', header = true, all_varchar = true, delim = ',', quote = '\"')") }}
{% endmacro %}
