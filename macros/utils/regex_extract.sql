{% macro regex_extract(expression, pattern, group) %}
    {{ return(adapter.dispatch('regex_extract', 'loyalty')(expression, pattern, group)) }}
{% endmacro %}

{% macro default__regex_extract(expression, pattern, group) -%}
    nullif(regexp_extract({{ expression }}, '{{ pattern }}', {{ group }}), '')
{%- endmacro %}

{% macro postgres__regex_extract(expression, pattern, group) -%}
    nullif((regexp_match({{ expression }}, '{{ pattern }}'))[{{ group }}], '')
{%- endmacro %}

{% macro spark__regex_extract(expression, pattern, group) -%}
    nullif(regexp_extract({{ expression }}, '{{ pattern | replace("\\", "\\\\") }}', {{ group }}), '')
{%- endmacro %}
