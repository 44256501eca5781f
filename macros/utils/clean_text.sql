{#- Raw value as trimmed text; empty text becomes null (metric-spec 2).
    Trims spaces, tabs, carriage returns and line feeds on both ends. -#}
{% macro clean_text(expression) %}
    {{ return(adapter.dispatch('clean_text', 'loyalty')(expression)) }}
{% endmacro %}

{% macro default__clean_text(expression) -%}
    nullif(trim(cast({{ expression }} as {{ dbt.type_string() }}), chr(32) || chr(9) || chr(10) || chr(13)), '')
{%- endmacro %}

{% macro postgres__clean_text(expression) -%}
    nullif(btrim(cast({{ expression }} as text), E' \t\n\r'), '')
{%- endmacro %}

{% macro spark__clean_text(expression) -%}
    nullif(regexp_replace(cast({{ expression }} as string), '^[ \\t\\n\\r]+|[ \\t\\n\\r]+$', ''), '')
{%- endmacro %}
