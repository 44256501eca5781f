{% macro reporting_grains() %}
    {%- set grains = var('reporting_grains', ['month', 'quarter', 'year']) -%}
    {%- if grains is string or grains is not iterable or grains is mapping or grains | length == 0
        or grains | reject('in', ['month', 'quarter', 'year']) | list | length > 0
        or grains | unique | list | length != grains | length -%}
        {{ exceptions.raise_compiler_error("Invalid vars: reporting_grains must be a non-empty list of distinct grains from month, quarter and year, got '" ~ grains ~ "'") }}
    {%- endif -%}
    {{ return(grains | list) }}
{% endmacro %}
