{% macro try_cast(expression, data_type) %}
    {{ return(adapter.dispatch('try_cast', 'loyalty')(expression, data_type)) }}
{% endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro bigquery__try_cast(expression, data_type) -%}
    safe_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    {{ exceptions.raise_compiler_error("try_cast: PostgreSQL has no non-failing cast; validate the text and use cast()") }}
{%- endmacro %}
