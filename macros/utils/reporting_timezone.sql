{#- Dates in the reporting time zone (docs/metrics.md, Notation): var
    reporting_timezone, an IANA zone name, default UTC. Staged timestamps are
    UTC; a timestamp's date is its calendar date in the reporting zone, and a
    date written without a time is that date's midnight in the zone. With the
    default UTC every macro here is a plain cast, so nothing is converted. -#}
{% macro reporting_timezone() %}
    {%- set zone = var('reporting_timezone', 'UTC') -%}
    {%- if zone is not string or zone not in modules.pytz.all_timezones_set -%}
        {{ exceptions.raise_compiler_error("Invalid vars: reporting_timezone must be an IANA time zone name such as 'UTC' or 'Europe/Amsterdam', got '" ~ zone ~ "'") }}
    {%- endif -%}
    {{ return(zone) }}
{% endmacro %}

{#- The calendar date, in the reporting time zone, of a UTC timestamp. -#}
{% macro local_date(utc_timestamp) %}
    {%- if loyalty.reporting_timezone() == 'UTC' -%}
        {{ return('cast(' ~ utc_timestamp ~ ' as date)') }}
    {%- endif -%}
    {{ return(adapter.dispatch('local_date', 'loyalty')(utc_timestamp, loyalty.reporting_timezone())) }}
{% endmacro %}

{% macro default__local_date(utc_timestamp, zone) -%}
    cast((({{ utc_timestamp }}) at time zone 'UTC') at time zone '{{ zone }}' as date)
{%- endmacro %}

{% macro spark__local_date(utc_timestamp, zone) -%}
    to_date(from_utc_timestamp({{ utc_timestamp }}, '{{ zone }}'))
{%- endmacro %}

{#- The UTC timestamp of a wall-clock time in the reporting time zone (the
    midnight of a date written without a time). -#}
{% macro local_to_utc(local_timestamp) %}
    {%- if loyalty.reporting_timezone() == 'UTC' -%}
        {{ return(local_timestamp) }}
    {%- endif -%}
    {{ return(adapter.dispatch('local_to_utc', 'loyalty')(local_timestamp, loyalty.reporting_timezone())) }}
{% endmacro %}

{% macro default__local_to_utc(local_timestamp, zone) -%}
    cast((({{ local_timestamp }}) at time zone '{{ zone }}') at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro spark__local_to_utc(local_timestamp, zone) -%}
    to_utc_timestamp({{ local_timestamp }}, '{{ zone }}')
{%- endmacro %}
