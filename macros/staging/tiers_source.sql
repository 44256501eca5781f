{#- The relation holding the tier configuration: `<raw_dir>/loyalty_tiers.csv`
    when that file exists (DuckDB, file sources), else the `loyalty_tiers` seed. -#}
{% macro tiers_source() %}
    {{ return(adapter.dispatch('tiers_source', 'loyalty')()) }}
{% endmacro %}

{% macro default__tiers_source() %}
    {{ return(ref('loyalty_tiers')) }}
{% endmacro %}

{% macro duckdb__tiers_source() %}
    {%- set seed = ref('loyalty_tiers') -%}
    {%- if var('raw_schema') is not none or not execute -%}
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
